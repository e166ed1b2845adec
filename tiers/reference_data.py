"""The reference data of the measures as plain Python: the five segments, the ladder and the texts of
Art. 6-9, and the 2025 scenario guide. Loaded by migration 0003 (and reusable by tests and the demo).

Chinese texts are verbatim from 《山东省智能工厂梯度培育认定管理办法（送审稿）》; English texts are
faithful translations. Scenario names: the ones named in the guide's text (see docs/domain.md) are
taken from it; the remaining ones complete the 40 to the best of our knowledge of the 2025 edition
and must be checked against the published 工信厅通装函〔2025〕155号 (admins can edit them, Art. 18).
"""

SEGMENTS = [
    # code, zh, en, order
    ("factory_construction", "工厂建设", "Factory construction", 1),
    ("rd_design", "研发设计", "R&D and design", 2),
    ("production_operations", "生产作业", "Production operations", 3),
    ("production_management", "生产管理", "Production management", 4),
    ("operations_management", "运营管理", "Operations management", 5),
]
ALL_SEGMENTS = [code for code, *_ in SEGMENTS]

TIERS = [
    {
        "code": "basic", "order": 1, "name_zh": "基础级（市级）智能工厂", "name_en": "Basic (city-level) smart factory",
        "authority": "city", "prerequisite": None, "min_maturity": 2, "coverage_rule": "listed",
        "required_segments": ["production_operations"], "article": "Art. 6",
        "outcomes_zh": "具备一定的智能制造基础，能对特定环节进行数字化改造，在市区内同行业具有引领带动作用。",
        "outcomes_en": "Has a certain foundation in smart manufacturing, can digitally transform specific segments, "
                       "and leads and drives peers in the same industry within the city.",
    },
    {
        "code": "advanced", "order": 2, "name_zh": "先进级（省级）智能工厂", "name_en": "Advanced (provincial-level) smart factory",
        "authority": "province", "prerequisite": "basic", "min_maturity": 2, "coverage_rule": "listed",
        "required_segments": ["production_operations", "production_management", "operations_management"],
        "article": "Art. 7",
        "outcomes_zh": "实现装备、系统等集成以及跨业务间的数据共享，在省内同行业具有引领带动作用。",
        "outcomes_en": "Achieves integration of equipment and systems and data sharing across business functions, "
                       "and leads and drives peers in the same industry within the province.",
    },
    {
        "code": "excellence", "order": 3, "name_zh": "卓越级智能工厂", "name_en": "Excellence-level smart factory",
        "authority": "miit", "prerequisite": "advanced", "min_maturity": 3, "coverage_rule": "all_in_principle",
        "required_segments": ALL_SEGMENTS, "article": "Art. 8",
        "outcomes_zh": "实现跨部门、跨系统的深度集成与数据共享，具备智能化决策支持能力，在国内同行业具有引领带动作用，"
                       "带动供应链上下游协同开展数智化升级。",
        "outcomes_en": "Achieves deep integration and data sharing across departments and systems, has intelligent "
                       "decision-support capability, leads and drives peers in the same industry nationwide, and "
                       "drives upstream and downstream supply-chain partners to upgrade digitally and intelligently "
                       "together.",
    },
    {
        "code": "leading", "order": 4, "name_zh": "领航级智能工厂", "name_en": "Leading-level smart factory",
        "authority": "miit", "prerequisite": "advanced", "min_maturity": 4, "coverage_rule": "all",
        "required_segments": ALL_SEGMENTS, "article": "Art. 9",
        "outcomes_zh": "打造全球领先的应用标杆，通过“母工厂”等方式推动工厂建设经验复制推广，引领产业链上下游形成智能制造协同创新生态。",
        "outcomes_en": "Becomes a globally leading benchmark of application, spreads its factory-building experience "
                       "through means such as a \"mother factory\", and leads the industrial chain upstream and "
                       "downstream to form a collaborative innovation ecosystem for smart manufacturing.",
    },
    {
        # Art. 10: one or more segments of the guide's typical scenarios; Art. 5 (5) sets no maturity level.
        "code": "scenario", "order": 5, "name_zh": "省级智能制造优秀场景",
        "name_en": "Provincial excellent smart-manufacturing scenario",
        "authority": "province", "prerequisite": None, "min_maturity": None, "coverage_rule": "at_least_one",
        "required_segments": [], "article": "Art. 10",
        "outcomes_zh": "", "outcomes_en": "",
    },
]

# (tier, segment) -> (zh, en): items 1-5 of Art. 6-9.
REQUIREMENTS = {
    ("basic", "factory_construction"): (
        "开展产线级、车间级数字化规划与建设；部署安全可控的智能制造装备、工业软件、系统和数字基础设施；",
        "Carry out digital planning and construction at production-line and workshop level; deploy secure and "
        "controllable smart-manufacturing equipment, industrial software, systems and digital infrastructure.",
    ),
    ("basic", "rd_design"): (
        "开展产品、工艺数字化研发设计；",
        "Carry out digital R&D and design of products and processes.",
    ),
    ("basic", "production_operations"): (
        "开展关键装备和工艺数字化升级，实现关键装备、工序和系统的实时监控，以及关键生产工序自动化作业；",
        "Digitally upgrade key equipment and processes, achieving real-time monitoring of key equipment, "
        "operations and systems, and automated operation of key production operations.",
    ),
    ("basic", "production_management"): (
        "应用信息系统，对作业计划、产品质量、设备资产、生产物料等进行管理，实现关键生产过程精益化；",
        "Use information systems to manage work plans, product quality, equipment assets, production materials "
        "and the like, making key production processes lean.",
    ),
    ("basic", "operations_management"): (
        "应用信息系统，对采购、销售、库存、财务和人力资源等进行管理，实现经营数据精准核算和绩效指标量化评估；",
        "Use information systems to manage procurement, sales, inventory, finance, human resources and the like, "
        "achieving accurate accounting of business data and quantified evaluation of performance indicators.",
    ),
    ("advanced", "factory_construction"): (
        "开展车间级、工厂级数字化规划与建设，对工艺路线、产线布局和物流路径等进行仿真，广泛部署安全可控的智能制造装备、工业软件和系统；",
        "Carry out digital planning and construction at workshop and factory level, simulate process routes, "
        "line layouts, logistics paths and the like, and widely deploy secure and controllable smart-manufacturing "
        "equipment, industrial software and systems.",
    ),
    ("advanced", "rd_design"): (
        "开展产品、工艺的数字化研发设计和仿真迭代，应用智能化设计工具，实现产品设计、工艺设计数据统一管理和协同；",
        "Carry out digital R&D, design and simulation-driven iteration of products and processes, apply intelligent "
        "design tools, and achieve unified management and collaboration of product-design and process-design data.",
    ),
    ("advanced", "production_operations"): (
        "开展关键装备和工序数智技术应用，实现关键装备异常预警、关键工序数据在线分析、关键生产过程精准控制、产品关键质量特性数字化检测；",
        "Apply digital and intelligent technologies to key equipment and operations, achieving early warning of "
        "anomalies in key equipment, online analysis of key-operation data, precise control of key production "
        "processes and digital inspection of products' key quality characteristics.",
    ),
    ("advanced", "production_management"): (
        "通过对生产过程、仓储物流、设备运行、产品质量等进行数字化集成管控，应用智能化分析工具，实现高效辅助计划排产和生产业务协同管控，并开展安全能源环保数字化管理；",
        "Through integrated digital control of production processes, warehousing and logistics, equipment "
        "operation, product quality and the like, and with intelligent analysis tools, achieve efficient assisted "
        "planning and scheduling and coordinated control of production, and manage safety, energy and the "
        "environment digitally.",
    ),
    ("advanced", "operations_management"): (
        "通过经营管理与生产作业等业务的数据集成贯通，应用智能化管理工具，实现成本有效管控、订单及时交付、绩效指标动态评估等，开展供应链数字化管理；",
        "Through data integration across business management, production operations and other functions, and "
        "with intelligent management tools, achieve effective cost control, on-time order delivery, dynamic "
        "evaluation of performance indicators and the like, and manage the supply chain digitally.",
    ),
    ("excellence", "factory_construction"): (
        "开展工厂级数字化规划与建设，以及数据治理工作，对工厂进行系统建模和优化，实现工厂数字化交付，推动虚拟工厂建设；体系化部署安全可控的智能制造装备、工业软件和系统；",
        "Carry out factory-level digital planning and construction and data governance, model and optimise the "
        "factory as a system, achieve digital delivery of the factory and advance the building of a virtual factory; "
        "deploy secure and controllable smart-manufacturing equipment, industrial software and systems "
        "systematically.",
    ),
    ("excellence", "rd_design"): (
        "开展产品、工艺协同研发设计、集成建模和仿真，实现基于模型和数据的系统优化；",
        "Carry out collaborative R&D and design, integrated modelling and simulation of products and processes, "
        "achieving system optimisation based on models and data.",
    ),
    ("excellence", "production_operations"): (
        "开展多场景数智技术应用，实现装备运行状态智能分析和故障诊断、生产过程智能管控和在线优化、过程质量在线检测与控制；",
        "Apply digital and intelligent technologies across many scenarios, achieving intelligent analysis of "
        "equipment operating state and fault diagnosis, intelligent control and online optimisation of production "
        "processes, and online inspection and control of in-process quality.",
    ),
    ("excellence", "production_management"): (
        "通过生产全过程数据综合分析，实现生产计划与排程自动生成、设备全生命周期管理、质量精准追溯和持续改进、物流仓储策略优化、安全应急联动、能源环保综合管控等，推动主要生产要素的智能协同优化；",
        "Through comprehensive analysis of data from the whole production process, achieve automatic generation "
        "of production plans and schedules, full-life-cycle equipment management, precise quality traceability "
        "and continuous improvement, optimised logistics and warehousing strategies, coordinated safety and "
        "emergency response, integrated energy and environmental control and the like, advancing the intelligent, "
        "coordinated optimisation of the main factors of production.",
    ),
    ("excellence", "operations_management"): (
        "通过多维数据智能分析，实现用户需求精准识别和敏捷响应、全厂资源协同优化、产品增值服务、设计生产服务闭环优化、智能化决策支持等，推进供应链上下游“链式”协同；",
        "Through intelligent analysis of multidimensional data, achieve precise identification of and agile "
        "response to user needs, coordinated optimisation of factory-wide resources, value-added product services, "
        "closed-loop optimisation of design, production and service, intelligent decision support and the like, "
        "advancing \"chain\" collaboration upstream and downstream in the supply chain.",
    ),
    ("leading", "factory_construction"): (
        "构建工厂数字孪生系统，实现对物理制造过程的精准映射和反馈控制，建立较为完备的数据治理体系，推动形成企业数据资产，开展安全可控的智能制造装备、工业软件和系统等研发和应用突破；",
        "Build a digital-twin system of the factory that precisely mirrors the physical manufacturing process and "
        "feeds back control, establish a fairly complete data governance system, turn data into enterprise data "
        "assets, and achieve breakthroughs in the R&D and application of secure and controllable smart-manufacturing "
        "equipment, industrial software, systems and the like.",
    ),
    ("leading", "rd_design"): (
        "探索数据与知识驱动的研发设计创新，开展虚拟验证和中试；",
        "Explore data- and knowledge-driven innovation in R&D and design, and carry out virtual validation and "
        "pilot testing.",
    ),
    ("leading", "production_operations"): (
        "开展人工智能在工艺、装备等方面创新应用，实现生产过程动态优化、智能决策控制、产线动态调整；",
        "Apply artificial intelligence innovatively to processes, equipment and the like, achieving dynamic "
        "optimisation of production processes, intelligent decision-making and control, and dynamic adjustment of "
        "production lines.",
    ),
    ("leading", "production_management"): (
        "探索多目标、多扰动、多约束情况下的生产计划优化和智能排产调度，推动制造资源的全面优化利用，建立能源、碳资产、安全、环保综合管理创新机制，推动可持续制造；",
        "Explore production-plan optimisation and intelligent scheduling under multiple objectives, disturbances "
        "and constraints, advance the comprehensive optimal use of manufacturing resources, and establish innovative "
        "mechanisms for the integrated management of energy, carbon assets, safety and the environment, advancing "
        "sustainable manufacturing.",
    ),
    ("leading", "operations_management"): (
        "推进工厂横向、纵向、端到端集成，构建智慧供应链，推动生产方式、服务体系和组织架构等变革，探索未来制造模式；",
        "Advance horizontal, vertical and end-to-end integration of the factory, build a smart supply chain, drive "
        "change in production methods, service systems, organisational structure and the like, and explore future "
        "modes of manufacturing.",
    ),
}

GUIDE = {
    "title": "智能制造典型场景参考指引",
    "edition": "2025",
    "document_number": "工信厅通装函〔2025〕155号",
}

# stage (zh, en, segment) and its scenarios (zh, en); 8 stages, 40 scenarios.
STAGES = [
    (("工厂建设", "Factory construction", "factory_construction"), [
        ("工厂数字化规划设计", "Digital factory planning and design"),
        ("数字基础设施建设", "Digital infrastructure construction"),
        ("数字孪生工厂构建", "Digital-twin factory construction"),
        ("工厂数字化交付", "Digital delivery of the factory"),
    ]),
    (("产品研发", "Product R&D", "rd_design"), [
        ("产品数字化设计", "Digital product design"),
        ("产品虚拟验证", "Virtual product validation"),
        ("研发数据协同管理", "Collaborative management of R&D data"),
    ]),
    (("工艺设计", "Process design", "rd_design"), [
        ("工艺数字化设计", "Digital process design"),
        ("制造工程优化", "Manufacturing engineering optimisation"),
        ("工艺过程仿真", "Manufacturing process simulation"),
    ]),
    (("生产作业", "Production operations", "production_operations"), [
        ("柔性产线快速换产", "Rapid changeover of flexible production lines"),
        ("先进过程控制", "Advanced process control"),
        ("人机协同作业", "Human-machine collaborative operation"),
        ("在线智能检测", "Intelligent online inspection"),
        ("工艺参数在线优化", "Online optimisation of process parameters"),
        ("危险作业自动化", "Automation of hazardous operations"),
        ("智能巡检", "Intelligent patrol inspection"),
        ("设备运行状态监测", "Equipment operating-state monitoring"),
    ]),
    (("生产管理", "Production management", "production_management"), [
        ("生产计划优化", "Production planning optimisation"),
        ("车间智能排产", "Intelligent workshop scheduling"),
        ("生产进度跟踪", "Production progress tracking"),
        ("仓储智能管理", "Intelligent warehouse management"),
        ("物料精准配送", "Precise material delivery"),
        ("质量精准追溯", "Precise quality traceability"),
        ("质量分析与改进", "Quality analysis and improvement"),
        ("设备故障诊断与预测", "Equipment fault diagnosis and prediction"),
        ("设备全生命周期管理", "Full-life-cycle equipment management"),
        ("能源智能管控", "Intelligent energy management and control"),
        ("碳资产全生命周期管理", "Full-life-cycle carbon asset management"),
        ("安全风险智能管控", "Intelligent control of safety risks"),
    ]),
    (("运营管理", "Operations management", "operations_management"), [
        ("智能经营决策", "Intelligent business decision-making"),
        ("精准营销管理", "Precision marketing management"),
        ("财务数字化管理", "Digital financial management"),
        ("人力资源数字化管理", "Digital human-resources management"),
    ]),
    (("产品服务", "Product services", "operations_management"), [
        ("规模化定制", "Mass customisation"),
        ("远程运维服务", "Remote operation and maintenance services"),
        ("产品增值服务", "Value-added product services"),
    ]),
    (("供应链管理", "Supply-chain management", "operations_management"), [
        ("供应链数字化管理", "Digital supply-chain management"),
        ("供应链风险预警与调度", "Supply-chain risk early warning and dispatching"),
        ("供应商协同管理", "Collaborative supplier management"),
    ]),
]


# The names of the 2025 edition above that are not among those seen in the published guide's text
# (domain.md): completed from knowledge of the edition, to be checked against 工信厅通装函〔2025〕155号.
# Migration 0007 marks them unverified; loading the official file as a new edition replaces the catalogue.
UNVERIFIED_2025 = frozenset({
    "工厂数字化交付", "研发数据协同管理", "工艺过程仿真", "工艺参数在线优化", "危险作业自动化", "智能巡检",
    "设备运行状态监测", "质量分析与改进", "设备全生命周期管理", "安全风险智能管控", "精准营销管理", "财务数字化管理",
    "人力资源数字化管理", "产品增值服务", "供应商协同管理",
})
UNVERIFIED_NOTE = "未能与已发布的《智能制造典型场景参考指引（2025年版）》原文核对：名称据对该版本的了解补全，以正式文件为准。"


def load(apps):
    """Create or update the reference data with the models of ``apps`` (a migration's app registry)."""
    Segment = apps.get_model("tiers", "Segment")
    Tier = apps.get_model("tiers", "Tier")
    SegmentRequirement = apps.get_model("tiers", "SegmentRequirement")
    ScenarioGuide = apps.get_model("tiers", "ScenarioGuide")
    Scenario = apps.get_model("tiers", "Scenario")

    segments = {}
    for code, zh, en, order in SEGMENTS:
        segments[code], _ = Segment.objects.update_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "order": order}
        )
    tiers = {}
    for spec in TIERS:
        fields = {k: v for k, v in spec.items() if k not in ("code", "prerequisite", "required_segments")}
        fields["prerequisite"] = tiers.get(spec["prerequisite"])
        tiers[spec["code"]], _ = Tier.objects.update_or_create(code=spec["code"], defaults=fields)
        tiers[spec["code"]].required_segments.set([segments[s] for s in spec["required_segments"]])
    for (tier, segment), (zh, en) in REQUIREMENTS.items():
        SegmentRequirement.objects.update_or_create(
            tier=tiers[tier], segment=segments[segment], defaults={"text_zh": zh, "text_en": en}
        )
    ScenarioGuide.objects.filter(is_current=True).exclude(edition=GUIDE["edition"]).update(is_current=False)
    guide, _ = ScenarioGuide.objects.update_or_create(
        edition=GUIDE["edition"], title=GUIDE["title"],
        defaults={"document_number": GUIDE["document_number"], "is_current": True},
    )
    order = 0
    for (stage_zh, stage_en, segment), scenarios in STAGES:
        for zh, en in scenarios:
            order += 1
            Scenario.objects.update_or_create(
                guide=guide, name_zh=zh,
                defaults={"name_en": en, "stage_zh": stage_zh, "stage_en": stage_en,
                          "segment": segments[segment], "order": order},
            )
