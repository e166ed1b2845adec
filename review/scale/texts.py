"""The words of the generated content: short, plausible and in Chinese, as enterprises write them."""

NARRATIVES = {
    "factory_construction": ["建成数字化车间，完成厂房、产线与能源管网的三维建模和数字孪生。",
                             "部署工业互联网平台，实现设备联网率超过90%，关键工序数据实时采集。"],
    "rd_design": ["应用三维设计与仿真软件，产品研发周期缩短约30%。",
                  "建立产品数据管理系统，设计、工艺与制造数据贯通。"],
    "production_operations": ["关键工序实现自动化与智能检测，产品一次合格率提升至99%以上。",
                              "部署制造执行系统，实现生产计划、排产与质量追溯闭环。"],
    "production_management": ["建设能源管理与安全环保监测平台，单位产值能耗下降约12%。",
                              "设备预测性维护覆盖主要产线，非计划停机时间明显减少。"],
    "operations_management": ["打通供应链协同平台，订单交付周期缩短约20%。",
                              "建设企业数据中台，经营决策实现数据驱动。"],
}
DECLARATIONS = {
    "operations_sound": "近三年经营和财务状况良好，未发生重大安全、环保、质量事故，未被列入严重失信主体名单。",
    "secure_controllable": "关键设备、工业软件和解决方案安全可控，已落实网络和数据安全防护措施。",
    "organisation_and_team": "设立智能制造领导小组和专职团队，负责规划、建设和运营。",
}
OUTCOMES = "通过智能工厂建设，生产效率提升约25%，运营成本降低约18%，产品研制周期缩短约30%。"
RETURN_COMMENTS = {
    "outcomes": "建设成效请补充量化指标及其测算依据。",
    "maturity": "请补充智能制造能力成熟度自评估报告。",
    "declarations": "请补充第五条第（三）项的证明材料。",
}
REJECTION_REASONS = [
    ("art5_5", "智能制造能力成熟度未达到申报层级的要求。"),
    ("requirements", "所述环节建设内容未达到本层级要求。"),
    ("art5_2", "近三年发生一般及以上安全生产事故。"),
]
PROVINCE_REJECTION = "专家评审得分未达到认定标准。"
OBJECTION_TEXT = "反映该企业申报材料中部分建设成效数据与实际不符。"
ATTACHMENT_NAMES = {
    "declaration_operations_sound": "近三年经营情况说明.pdf",
    "declaration_secure_controllable": "安全可控情况说明.pdf",
    "declaration_organisation_and_team": "组织机构与团队说明.pdf",
    "assessment_report": "智能制造能力成熟度自评估报告.pdf",
    "outcomes": "建设成效证明材料.pdf",
}
