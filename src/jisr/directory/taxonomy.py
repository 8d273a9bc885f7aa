"""The reference taxonomy: IT-outsourcing service lines, certifications, languages.

Codes are stable identifiers used by imports, the API and the matching engine;
names are shown in the reader's language. Loaded by a data migration and kept in
sync by ``sync_taxonomy``.
"""

from __future__ import annotations

# (code, English, French, Arabic)
SERVICE_LINES: list[tuple[str, str, str, str]] = [
    (
        "adm",
        "Application development and maintenance",
        "Développement et maintenance applicative",
        "تطوير التطبيقات وصيانتها",
    ),
    (
        "testing-qa",
        "Testing and quality assurance",
        "Tests et assurance qualité",
        "الاختبار وضمان الجودة",
    ),
    (
        "infra-cloud",
        "Infrastructure and cloud",
        "Infrastructure et cloud",
        "البنية التحتية والسحابة",
    ),
    ("cybersecurity", "Cybersecurity", "Cybersécurité", "الأمن السيبراني"),
    ("data-ai", "Data and AI", "Données et IA", "البيانات والذكاء الاصطناعي"),
    (
        "erp-crm",
        "ERP and CRM integration",
        "Intégration ERP et CRM",
        "تكامل أنظمة تخطيط الموارد وإدارة العملاء",
    ),
    (
        "helpdesk",
        "Helpdesk and IT support",
        "Centre de services et support informatique",
        "مكتب المساعدة والدعم التقني",
    ),
    (
        "bpo-contact",
        "BPO and contact centre",
        "BPO et centre de contact",
        "الاستعانة بمصادر خارجية لعمليات الأعمال ومراكز الاتصال",
    ),
    (
        "digital-ux",
        "Digital and UX design",
        "Digital et design UX",
        "الرقمنة وتصميم تجربة المستخدم",
    ),
    ("mobile", "Mobile development", "Développement mobile", "تطوير تطبيقات الهاتف المحمول"),
    (
        "embedded",
        "Embedded and industrial software",
        "Logiciel embarqué et industriel",
        "البرمجيات المدمجة والصناعية",
    ),
    (
        "devops",
        "DevOps and site reliability",
        "DevOps et fiabilité des sites",
        "ديف أوبس وموثوقية الأنظمة",
    ),
    ("consulting", "IT consulting", "Conseil en systèmes d'information", "الاستشارات التقنية"),
]

CERTIFICATIONS: list[tuple[str, str, str, str]] = [
    ("iso-9001", "ISO 9001", "ISO 9001", "ISO 9001"),
    ("iso-27001", "ISO/IEC 27001", "ISO/CEI 27001", "ISO/IEC 27001"),
    ("iso-20000", "ISO/IEC 20000-1", "ISO/CEI 20000-1", "ISO/IEC 20000-1"),
    ("cmmi-3", "CMMI level 3", "CMMI niveau 3", "CMMI المستوى 3"),
    ("cmmi-5", "CMMI level 5", "CMMI niveau 5", "CMMI المستوى 5"),
    ("escm-sp", "eSCM-SP", "eSCM-SP", "eSCM-SP"),
    ("pci-dss", "PCI DSS", "PCI DSS", "PCI DSS"),
    ("soc-2", "SOC 2", "SOC 2", "SOC 2"),
    ("copc", "COPC", "COPC", "COPC"),
]

LANGUAGES: list[tuple[str, str, str, str]] = [
    ("en", "English", "Anglais", "الإنجليزية"),
    ("fr", "French", "Français", "الفرنسية"),
    ("ar", "Arabic", "Arabe", "العربية"),
    ("es", "Spanish", "Espagnol", "الإسبانية"),
    ("de", "German", "Allemand", "الألمانية"),
    ("zgh", "Tamazight", "Tamazight", "الأمازيغية"),
    ("it", "Italian", "Italien", "الإيطالية"),
    ("nl", "Dutch", "Néerlandais", "الهولندية"),
]

TECHNOLOGIES: list[str] = [
    "Java",
    "Spring",
    ".NET",
    "C#",
    "Python",
    "Django",
    "JavaScript",
    "TypeScript",
    "React",
    "Angular",
    "Vue.js",
    "Node.js",
    "PHP",
    "Go",
    "Kotlin",
    "Swift",
    "Flutter",
    "SAP",
    "Salesforce",
    "Microsoft Dynamics",
    "Oracle",
    "PostgreSQL",
    "AWS",
    "Azure",
    "Google Cloud",
    "Kubernetes",
    "Docker",
    "Terraform",
    "Selenium",
    "Cypress",
    "Power BI",
    "Databricks",
    "TensorFlow",
    "ServiceNow",
    "Zendesk",
    "Jira",
    "COBOL",
    "C++",
]
