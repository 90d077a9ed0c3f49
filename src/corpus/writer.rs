//! Writing a report's text: the title, the preamble, the six sections with their tables in the
//! chain's layout, and the signature, stating the figures the tables hold.

use std::fmt::Write as _;

use super::agencies::Agency;
use super::layouts::pad_cells;
use super::rng::SplitMix64;
use super::Facts;
use crate::report::template::{
    RowSpec, TemplateVersion, TABLE3_COLUMNS, TABLE3_NOTE, TABLE4_COLUMNS, TABLE4_GROUPS,
};
use crate::report::{numerals, Layout, SectionId};

pub(super) struct ReportWriter<'a> {
    pub(super) rng: &'a mut SplitMix64,
    pub(super) agency: &'a Agency,
    pub(super) year: i32,
    pub(super) template: TemplateVersion,
    pub(super) layout: Layout,
    pub(super) out: String,
    pub(super) facts: Facts,
}

impl ReportWriter<'_> {
    pub(super) fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub(super) fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A paragraph; the row layout (text from PDF or HTML) keeps blank lines between them.
    pub(super) fn paragraph(&mut self, text: &str) {
        self.line(text);
        if self.layout != Layout::Cells {
            self.blank();
        }
    }

    pub(super) fn heading(&mut self, id: SectionId) {
        let text = format!("{}、{}", id.numeral(), id.title());
        self.paragraph(&text);
    }

    pub(super) fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.rng.below(items.len() as u64) as usize]
    }

    pub(super) fn write(&mut self) {
        self.blank();
        self.blank();
        let title_year = if self.rng.chance(15) { "年度" } else { "年" };
        let title = format!(
            "{}{}{title_year}政府信息公开工作年度报告",
            self.agency.name, self.year
        );
        self.paragraph(&title);
        self.preamble();
        self.overview();
        self.heading(SectionId::Proactive);
        self.table2();
        self.heading(SectionId::Requests);
        self.table3();
        self.heading(SectionId::Appeals);
        self.table4();
        self.problems();
        self.other_matters();
        self.signature();
    }

    pub(super) fn preamble(&mut self) {
        let name = self.agency.name.clone();
        let year = self.year;
        let format_notice = match self.template {
            TemplateVersion::V2021 => {
                "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
            }
            TemplateVersion::V2019 => {
                "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
            }
        };
        let basis = match self.rng.below(4) {
            0 => format!("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format_notice}要求，由{name}编制。"),
            1 => format!("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定和{format_notice}要求，{name}编制本报告。"),
            2 => format!("按照《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）及{format_notice}的要求，{name}对{year}年度政府信息公开工作进行了梳理和总结，形成本报告。"),
            _ => format!("依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format_notice}，{name}编制了{year}年度政府信息公开工作年度报告。"),
        };
        let period = format!("本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。");
        let phone = format!(
            "0{}-{}",
            self.rng.range(310, 939),
            self.rng.range(2_000_000, 8_999_999)
        );
        let where_ = self.pick(&[
            "门户网站政府信息公开专栏",
            "门户网站“政府信息公开年报”栏目",
            "政府信息公开平台",
        ]);
        let contact = match self.rng.below(3) {
            0 => format!("本报告电子版可在{name}{where_}查阅或下载。如对本报告有疑问，请与{name}办公室联系（联系电话：{phone}）。"),
            1 => format!("本报告的电子版可以在{name}{where_}下载。如对报告内容有疑问，请与{name}办公室联系，联系电话：{phone}。"),
            _ => format!("公众可在{name}{where_}查阅本报告电子版。对本报告如有疑问，请联系{name}办公室（电话：{phone}）。"),
        };
        let text = format!("{basis}{period}{contact}");
        self.paragraph(&text);
    }

    pub(super) fn overview(&mut self) {
        self.heading(SectionId::Overview);
        let name = self.agency.name.clone();
        let own = self.agency.own.clone();
        let year = self.year;
        let guided = self.rng.chance(50);
        let a = if guided {
            self.pick(&[
                "认真落实上级关于全面推进政务公开的决策部署",
                "严格贯彻执行《条例》各项规定",
                "紧紧围绕中心工作和群众关切",
                "坚持“以公开为常态、不公开为例外”的原则",
            ])
        } else {
            // The 20th Party Congress met in October 2022: only later reports cite it.
            let congress = if year >= 2023 {
                "深入学习贯彻党的二十大精神"
            } else {
                "深入贯彻落实党中央、国务院关于政务公开工作的部署要求"
            };
            let options = [
                "坚持以习近平新时代中国特色社会主义思想为指导",
                congress,
                "认真落实党中央、国务院关于全面推进政务公开的决策部署",
                "严格贯彻执行《条例》各项规定",
                "紧紧围绕中心工作和群众关切",
                "坚持“以公开为常态、不公开为例外”的原则",
            ];
            self.pick(&options)
        };
        let b = self.pick(&[
            "持续深化政务公开工作",
            "不断加大政府信息公开力度",
            "扎实推进决策、执行、管理、服务、结果公开",
            "着力提升政务公开质量和实效",
            "进一步规范政府信息公开工作流程",
            "不断完善政务公开工作机制",
        ]);
        let c = self.pick(&[
            "切实保障人民群众的知情权、参与权、表达权和监督权",
            "有效提升了政府工作透明度",
            "为各项工作的顺利开展营造了良好环境",
            "政务公开工作取得了新成效",
            "推动政务公开工作再上新台阶",
            "政府信息公开工作整体水平稳步提升",
        ]);
        let intro = if guided {
            format!("{year}年，{name}在上级政务公开工作主管部门的指导下，{a}，{b}，{c}。")
        } else {
            format!("{year}年，{name}{a}，{b}，{c}。")
        };
        self.paragraph(&intro);

        // （一）主动公开
        self.paragraph("（一）主动公开");
        let parts = self.rng.range(2, 4) as usize;
        let categories = self.rng.sample(
            &[
                "工作动态",
                "通知公告",
                "人事信息",
                "财政预决算信息",
                "政策解读",
                "部门文件",
                "公共服务信息",
                "重点领域信息",
                "机构职能信息",
                "规划计划信息",
            ],
            parts,
        );
        let counts: Vec<u32> = categories.iter().map(|_| self.rng.range(1, 120)).collect();
        let published: u32 = counts.iter().sum();
        self.facts.published = published;
        let breakdown: Vec<String> = categories
            .iter()
            .zip(&counts)
            .map(|(category, count)| format!("{category}{count}条"))
            .collect();
        let channels = self.pick(&[
            "依托门户网站、政务新媒体等平台",
            "通过政府网站信息公开专栏、微信公众号等渠道",
            "充分利用政府网站和政务新媒体",
            "通过门户网站、政务服务大厅公开栏等载体",
        ]);
        let extra = self.pick(&[
            "围绕群众关心关注的热点问题，及时发布政策解读和回应信息，提高公开的针对性。",
            "严格落实公开目录和公开指南的要求，做到应公开尽公开。",
            "对涉及群众切身利益的事项做到第一时间公开、全程公开。",
            "持续优化公开内容的分类和呈现方式，方便公众查询。",
            "坚持公开与解读同步，做好政策文件的解读和宣传工作。",
        ]);
        let text = format!(
            "{year}年，{own}{channels}主动公开政府信息{published}条，其中{}。{extra}",
            breakdown.join("、")
        );
        self.paragraph(&text);

        // （二）依申请公开
        self.paragraph("（二）依申请公开");
        let f = &self.facts;
        let new = f.table3_row("t3.new").map_or(0, |r| r[6]);
        let carried_in = f.table3_row("t3.carried-in").map_or(0, |r| r[6]);
        let handled = f.table3_row("t3.total").map_or(0, |r| r[6]);
        let carried_over = f.table3_row("t3.carried-over").map_or(0, |r| r[6]);
        let reviews = f.table4[4];
        let lawsuits = f.table4[9] + f.table4[14];
        let mut text = String::new();
        let how = self.pick(&[
            "严格按照《条例》规定的程序和时限办理政府信息公开申请",
            "进一步规范依申请公开的受理、登记、办理、答复等环节",
            "畅通依申请公开渠道，完善申请办理工作机制",
            "坚持依法依规、便民高效的原则办理依申请公开事项",
        ]);
        let _ = write!(text, "{own}{how}。");
        if new == 0 && carried_in == 0 {
            let _ = write!(text, "{year}年，{own}未收到政府信息公开申请。");
        } else {
            let _ = write!(text, "{year}年，{own}共收到政府信息公开申请{new}件");
            if carried_in > 0 {
                let _ = write!(text, "，上年结转政府信息公开申请{carried_in}件");
            }
            let _ = write!(text, "，本年度办结{handled}件");
            if carried_over > 0 {
                let _ = write!(text, "，结转下年度继续办理{carried_over}件");
            }
            text.push_str("，均在法定期限内予以答复。");
        }
        if reviews == 0 && lawsuits == 0 {
            text.push_str("全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。");
        } else {
            let _ = write!(
                text,
                "全年因政府信息公开工作被申请行政复议{reviews}件，被提起行政诉讼{lawsuits}件。"
            );
        }
        self.paragraph(&text);

        // （三）政府信息管理
        self.paragraph("（三）政府信息管理");
        let first = self.pick(&[
            "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则",
            "健全政府信息发布审核机制，严格执行信息发布“三审三校”制度",
            "加强政府信息源头管理，在公文办理环节明确公开属性",
            "建立健全政府信息公开属性源头认定机制，规范公开流程",
        ]);
        let second = self.pick(&[
            "定期对已公开的政府信息进行梳理，及时更新失效信息",
            "动态调整主动公开目录，确保公开内容准确完整",
            "做好规范性文件的清理工作，及时公布清理结果",
            "加强对政府信息的分类管理，提高信息检索的便捷性",
        ]);
        let text = format!("{own}{first}，{second}，确保政府信息安全、准确、规范。");
        self.paragraph(&text);

        // （四）政府信息公开平台建设
        self.paragraph("（四）政府信息公开平台建设");
        let first = self.pick(&[
            "持续加强政府网站信息公开专栏建设，优化栏目设置",
            "以政府网站为第一平台，推进政务新媒体规范化建设",
            "不断完善政府信息公开平台功能，提升平台服务能力",
            "按照集约化要求做好网站内容保障工作",
        ]);
        let second = self.pick(&[
            "安排专人负责平台的日常维护和内容更新",
            "定期开展平台自查，及时整改发现的问题",
            "加强政务新媒体的内容审核和安全管理",
            "提高信息发布的时效性和规范性",
        ]);
        let text = format!("{own}{first}，{second}，方便公众获取政府信息。");
        self.paragraph(&text);

        // （五）监督保障
        self.paragraph("（五）监督保障");
        let items = self.rng.sample(
            &[
                "加强组织领导，明确分管领导和专职工作人员",
                "将政务公开工作纳入年度工作要点统筹推进",
                "组织开展政务公开业务培训，提升工作人员业务能力",
                "定期开展政务公开工作自查，及时整改存在的问题",
                "主动接受社会监督，认真听取群众意见建议",
                "严格落实政务公开工作责任制",
                "将政务公开工作纳入内部考核内容",
                "完善政务公开工作制度，规范工作流程",
            ],
            3,
        );
        let mut text = format!("{own}进一步健全监督保障机制：");
        for (i, item) in items.iter().enumerate() {
            let numeral = numerals::write(i as u32 + 1);
            let end = if i + 1 == items.len() { "。" } else { "；" };
            let _ = write!(text, "{numeral}是{item}{end}");
        }
        if self.agency.government {
            text.push_str("全年未发生因政府信息公开工作引起的责任追究情况。");
        }
        self.paragraph(&text);
    }

    pub(super) fn table2(&mut self) {
        let rows = self.facts.table2.clone();
        let blocks = self.template.table2_blocks();
        let specs = self.template.table2();
        for block in blocks {
            let block_rows: Vec<(&RowSpec, &Vec<String>)> = specs
                .iter()
                .filter(|spec| spec.group == block.header)
                .filter_map(|spec| {
                    rows.iter()
                        .find(|(id, _)| *id == spec.id)
                        .map(|(_, cells)| (spec, cells))
                })
                .collect();
            let mut header = vec!["信息内容"];
            header.extend_from_slice(block.columns);
            match self.layout {
                Layout::Rows
                | Layout::Lines
                | Layout::Pipes
                | Layout::Columns
                | Layout::Collapsed => {
                    self.line(&format!("{}\t\t\t", block.header));
                    self.line(&pad_cells(&header, 4));
                    for (spec, cells) in &block_rows {
                        let mut all = vec![spec.label];
                        all.extend(cells.iter().map(String::as_str));
                        self.line(&pad_cells(&all, 4));
                    }
                }
                Layout::Cells => {
                    self.line(&format!("\t{}", block.header));
                    self.blank();
                    for label in header {
                        self.line(&format!("\t{label}"));
                    }
                    self.blank();
                    for (spec, cells) in &block_rows {
                        self.line(&format!("\t{}", spec.label));
                        for cell in cells.iter() {
                            self.line(&format!("\t{cell}"));
                        }
                        self.blank();
                    }
                }
            }
        }
        self.blank();
    }

    pub(super) fn table3(&mut self) {
        let rows = self.facts.table3.clone();
        let specs = self.template.table3();
        let results = "三、本年度办理结果";
        match self.layout {
            Layout::Rows | Layout::Lines | Layout::Pipes | Layout::Columns | Layout::Collapsed => {
                self.line(&format!(
                    "{TABLE3_NOTE}\t\t申请人情况\t\t\t\t\t\t{}\t",
                    TABLE3_COLUMNS[6]
                ));
                self.line("\t\t自然人\t法人或其他组织\t\t\t\t\t\t");
                self.line(&format!("\t\t\t{}\t\t", TABLE3_COLUMNS[1..6].join("\t")));
            }
            Layout::Cells => {
                self.line(&format!("\t{TABLE3_NOTE}"));
                self.line("\t申请人情况");
                self.blank();
                self.line("\t");
                self.line("\t自然人");
                self.line("\t法人或其他组织");
                self.line(&format!("\t{}", TABLE3_COLUMNS[6]));
                self.blank();
                self.line("\t");
                self.line("\t");
                for column in &TABLE3_COLUMNS[1..6] {
                    self.line(&format!("\t{column}"));
                }
                self.line("\t");
                self.blank();
            }
        }
        let mut previous_group = "";
        let mut first_result = true;
        for (spec, (_, values)) in specs.iter().zip(&rows) {
            let values: Vec<String> = values.iter().map(u32::to_string).collect();
            let opens_group = spec.depth == 2 && spec.group != previous_group;
            previous_group = if spec.depth == 2 { spec.group } else { "" };
            let opens_results = spec.depth == 1 && first_result;
            if spec.depth == 1 {
                first_result = false;
            }
            match self.layout {
                Layout::Rows
                | Layout::Lines
                | Layout::Pipes
                | Layout::Columns
                | Layout::Collapsed => {
                    let line = match spec.depth {
                        0 => format!("{}\t\t{}\t", spec.label, values.join("\t")),
                        1 if opens_results => {
                            format!("{results}\t{}\t{}\t", spec.label, values.join("\t"))
                        }
                        1 => format!("\t{}\t{}\t", spec.label, values.join("\t")),
                        _ if opens_group => {
                            format!("\t{}\t{}\t{}", spec.group, spec.label, values.join("\t"))
                        }
                        _ => format!("\t\t{}\t{}", spec.label, values.join("\t")),
                    };
                    self.line(&line);
                }
                Layout::Cells => {
                    match spec.depth {
                        0 => {}
                        1 if opens_results => self.line(&format!("\t{results}")),
                        1 => self.line("\t"),
                        _ if opens_group => {
                            self.line("\t");
                            self.line(&format!("\t{}", spec.group));
                        }
                        _ => {
                            self.line("\t");
                            self.line("\t");
                        }
                    }
                    self.line(&format!("\t{}", spec.label));
                    for value in &values {
                        self.line(&format!("\t{value}"));
                    }
                    self.blank();
                }
            }
        }
        self.blank();
    }

    pub(super) fn table4(&mut self) {
        let values: Vec<String> = self.facts.table4.iter().map(u32::to_string).collect();
        let columns = TABLE4_COLUMNS.join("\t");
        match self.layout {
            Layout::Rows | Layout::Lines | Layout::Pipes | Layout::Columns | Layout::Collapsed => {
                self.line(&format!(
                    "{}\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
                    TABLE4_GROUPS[0]
                ));
                self.line(&format!(
                    "{columns}\t{}\t\t\t\t\t{}\t\t\t\t",
                    TABLE4_GROUPS[1], TABLE4_GROUPS[2]
                ));
                self.line(&format!("\t\t\t\t\t{columns}\t{columns}"));
                self.line(&values.join("\t"));
            }
            Layout::Cells => {
                self.line(&format!("\t{}", TABLE4_GROUPS[0]));
                self.line("\t行政诉讼");
                self.blank();
                for column in TABLE4_COLUMNS {
                    self.line(&format!("\t{column}"));
                }
                self.line(&format!("\t{}", TABLE4_GROUPS[1]));
                self.line(&format!("\t{}", TABLE4_GROUPS[2]));
                self.blank();
                for _ in 0..5 {
                    self.line("\t");
                }
                for _ in 0..2 {
                    for column in TABLE4_COLUMNS {
                        self.line(&format!("\t{column}"));
                    }
                }
                self.blank();
                for value in &values {
                    self.line(&format!("\t{value}"));
                }
                self.blank();
            }
        }
        self.blank();
    }

    pub(super) fn problems(&mut self) {
        self.heading(SectionId::Problems);
        let own = self.agency.own.clone();
        let year = self.year;
        let count = self.rng.range(2, 3) as usize;
        let problems = self.rng.sample(
            &[
                "政策解读的形式还不够丰富，解读质量有待提高",
                "信息发布的及时性还需加强，个别栏目更新不够及时",
                "工作人员业务能力有待提升，对《条例》的理解还不够深入",
                "主动公开的深度和广度还需进一步拓展",
                "政务新媒体互动回应还不够充分",
                "公开内容与群众需求的契合度还有差距",
                "依申请公开答复的规范性还需进一步加强",
                "基层政务公开标准化规范化建设仍需推进",
            ],
            count,
        );
        let mut text = format!("{year}年，{own}政府信息公开工作取得了一定成效，但仍存在一些不足：");
        enumerate_into(&mut text, &problems);
        self.paragraph(&text);
        let count = self.rng.range(2, 4) as usize;
        let fixes = self.rng.sample(
            &[
                "加强业务培训，提升工作人员的业务能力和政策水平",
                "丰富政策解读形式，运用图表、视频等方式提高解读的可读性",
                "健全信息发布工作机制，确保信息发布及时准确",
                "围绕群众关切，不断拓展主动公开的范围和深度",
                "加强政务新媒体管理，及时回应社会关切",
                "规范依申请公开办理流程，提高答复质量",
                "强化监督检查，推动政务公开各项工作落到实处",
                "推进政务公开标准化规范化建设，提升公开质效",
            ],
            count,
        );
        let next = year + 1;
        let mut text = format!("针对上述问题，{next}年{own}将重点做好以下工作：");
        enumerate_into(&mut text, &fixes);
        self.paragraph(&text);
    }

    pub(super) fn other_matters(&mut self) {
        self.heading(SectionId::Other);
        let own = self.agency.own.clone();
        let text = match self.template {
            TemplateVersion::V2021 => {
                let more = self.pick(&[
                    "",
                    "本年度未发出收费通知。",
                    "本年度无其他需要报告的事项。",
                    "本年度认真落实上级年度政务公开工作要点，各项任务均已按要求完成。",
                ]);
                format!("本年度未收取信息处理费。{more}")
            }
            TemplateVersion::V2019 => {
                let more = self.pick(&[
                    "",
                    "本年度认真落实上级年度政务公开工作要点，各项任务均已按要求完成。",
                ]);
                format!("本年度{own}依申请提供政府信息，未收取任何费用。{more}")
            }
        };
        self.paragraph(&text);
    }

    pub(super) fn signature(&mut self) {
        self.blank();
        let name = self.agency.name.clone();
        self.line(&name);
        let day = self.rng.range(5, 28);
        let date = format!("{}年1月{day}日", self.year + 1);
        self.line(&date);
    }
}

/// 「一是…；二是…。」 from a list of items.
pub(super) fn enumerate_into(text: &mut String, items: &[&&str]) {
    for (i, item) in items.iter().enumerate() {
        let end = if i + 1 == items.len() { "。" } else { "；" };
        let _ = write!(text, "{}是{item}{end}", numerals::write(i as u32 + 1));
    }
}
