//! Agency names: every place and kind of body, visited in a scrambled, repeatable order, so no
//! two chains share a name and no name contains another.

use super::rng::SplitMix64;

/// Prefecture-level cities.
pub(super) const CITIES: &[&str] = &[
    "洛阳市",
    "南阳市",
    "商丘市",
    "信阳市",
    "周口市",
    "聊城市",
    "临沂市",
    "潍坊市",
    "济宁市",
    "泰安市",
    "德州市",
    "滨州市",
    "盐城市",
    "扬州市",
    "泰州市",
    "宿迁市",
    "金华市",
    "台州市",
    "湖州市",
    "嘉兴市",
    "九江市",
    "上饶市",
    "赣州市",
    "宜春市",
    "六安市",
    "阜阳市",
    "安庆市",
    "芜湖市",
    "蚌埠市",
    "岳阳市",
    "常德市",
    "衡阳市",
    "邵阳市",
    "宜昌市",
    "襄阳市",
    "荆州市",
    "绵阳市",
    "宜宾市",
    "南充市",
    "遵义市",
    "曲靖市",
    "柳州市",
    "桂林市",
    "邯郸市",
    "保定市",
    "沧州市",
    "大同市",
    "榆林市",
    "天水市",
    "张掖市",
];

/// County-level divisions (区, 县, 旗).
pub(super) const COUNTIES: &[&str] = &[
    "城关区",
    "河东区",
    "河西区",
    "新城区",
    "老城区",
    "东城区",
    "南湖区",
    "北湖区",
    "清河区",
    "文峰区",
    "龙湖区",
    "城东区",
    "新华区",
    "解放区",
    "青山区",
    "白云区",
    "金山区",
    "东湖区",
    "西湖区",
    "望城区",
    "桃源县",
    "永丰县",
    "安平县",
    "宁远县",
    "平阳县",
    "武宁县",
    "兴国县",
    "石门县",
    "临泉县",
    "凤台县",
    "阳信县",
    "高唐县",
    "冠县",
    "莘县",
    "宁阳县",
    "东平县",
    "汶上县",
    "泗县",
    "灵璧县",
    "太和县",
    "岳西县",
    "望江县",
    "宜丰县",
    "铜鼓县",
    "会昌县",
    "安远县",
    "上犹县",
    "崇义县",
    "华容县",
    "湘阴县",
    "平江县",
    "祁东县",
    "衡山县",
    "隆回县",
    "洞口县",
    "远安县",
    "兴山县",
    "秭归县",
    "保康县",
    "谷城县",
    "江口县",
    "正安县",
    "绥阳县",
    "罗平县",
    "师宗县",
    "融安县",
    "阳朔县",
    "灌阳县",
    "涉县",
    "磁县",
    "涞水县",
    "阜平县",
    "献县",
    "吴桥县",
    "灵丘县",
    "广灵县",
    "佳县",
    "吴堡县",
    "甘谷县",
    "武山县",
    "达拉特旗",
    "准格尔旗",
    "乌审旗",
    "杭锦旗",
];

/// Kinds of agency. None is a substring of another, so no agency's name contains another's.
pub(super) const KINDS: &[&str] = &[
    "司法局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "发展和改革委员会",
    "科学技术局",
    "工业和信息化局",
    "体育局",
    "信访局",
    "城市管理局",
    "人民政府",
];

pub(super) const GOVERNMENT: &str = "人民政府";

/// An agency: its full name and how it refers to itself.
#[derive(Debug, Clone)]
pub(super) struct Agency {
    pub(super) name: String,
    /// 「我局」, 「我委」, 「我县」 …
    pub(super) own: String,
    pub(super) government: bool,
}

/// Every agency name, visited in a scrambled but repeatable order without repeats.
pub(super) struct AgencySpace {
    pub(super) size: u64,
    pub(super) stride: u64,
    pub(super) offset: u64,
    pub(super) next: u64,
}

impl AgencySpace {
    pub(super) fn new(rng: &mut SplitMix64) -> Self {
        let size = (CITIES.len() * (COUNTIES.len() + 1) * KINDS.len()) as u64;
        // A stride coprime with the size visits every index once per lap.
        let mut stride = size / 2 + rng.below(size / 3);
        while gcd(stride, size) != 1 {
            stride += 1;
        }
        AgencySpace {
            size,
            stride,
            offset: rng.below(size),
            next: 0,
        }
    }

    pub(super) fn next(&mut self) -> Agency {
        let lap = self.next / self.size;
        let mut j = (self.next.wrapping_mul(self.stride) + self.offset) % self.size;
        self.next += 1;
        let kind = KINDS[(j % KINDS.len() as u64) as usize];
        j /= KINDS.len() as u64;
        let county = (j % (COUNTIES.len() as u64 + 1)) as usize;
        let city = CITIES[(j / (COUNTIES.len() as u64 + 1)) as usize % CITIES.len()];
        // Beyond one lap (over 100,000 agencies) names would repeat: number the towns.
        let place = match (county, lap) {
            (0, 0) => city.to_string(),
            (0, lap) => format!("{city}第{lap}新区"),
            (c, 0) => format!("{city}{}", COUNTIES[c - 1]),
            (c, lap) => format!("{city}{}第{lap}片区", COUNTIES[c - 1]),
        };
        let government = kind == GOVERNMENT;
        let own = if government {
            let level = place.chars().last().unwrap_or('市');
            format!("我{level}")
        } else if kind.ends_with("委员会") {
            "我委".to_string()
        } else {
            "我局".to_string()
        };
        Agency {
            name: format!("{place}{kind}"),
            own,
            government,
        }
    }
}

pub(super) fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
