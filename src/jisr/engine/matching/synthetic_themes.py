"""Fictional outsourcing needs for the synthetic samples, written in en, fr and ar.

Each theme is one concrete need. Pairs of themes share service lines on purpose (Java vs
.NET maintenance, call centre vs back office, ...), so structured fields alone cannot
tell them apart and the texts have to. Buyer requests are English; provider offers
describe the same work in English, French or Arabic, in their own words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    service_lines: frozenset[str]
    technologies: frozenset[str]
    requests: tuple[str, ...]
    offers: dict[str, tuple[str, ...]]


def _theme(
    key: str,
    service_lines: str,
    technologies: str,
    requests: tuple[str, ...],
    en: tuple[str, ...],
    fr: tuple[str, ...],
    ar: tuple[str, ...],
) -> Theme:
    return Theme(
        key,
        frozenset(service_lines.split()),
        frozenset(technologies.split()),
        requests,
        {"en": en, "fr": fr, "ar": ar},
    )


THEMES: tuple[Theme, ...] = (
    _theme(
        "java-maintenance",
        "application-maintenance testing-qa",
        "java spring selenium jenkins",
        (
            "We need a partner to maintain our Java applications and automate regression tests.",
            "Looking for Java application maintenance and test automation for our portfolio.",
        ),
        ("We maintain enterprise Java applications and build automated test suites.",),
        (
            "Maintenance applicative Java et tests automatisés pour les grands comptes.",
            "Nous assurons la tierce maintenance applicative Java et l'automatisation des tests.",
        ),
        ("صيانة تطبيقات جافا وأتمتة الاختبارات للشركات الكبرى.",),
    ),
    _theme(
        "dotnet-maintenance",
        "application-maintenance testing-qa",
        "dotnet csharp azure-devops selenium",
        (
            "We want a team to support our .NET and C# business applications.",
            "Seeking a vendor for C# .NET application support and bug fixing.",
        ),
        ("Support and evolution of .NET and C# business software.",),
        ("Support et évolution de vos applications métier .NET et C#.",),
        ("دعم وتطوير تطبيقات الأعمال المبنية على دوت نت وسي شارب.",),
    ),
    _theme(
        "sap-erp",
        "erp application-maintenance",
        "sap abap s4hana",
        (
            "We need SAP consultants to run our S/4HANA migration and ABAP development.",
            "Looking for help with our SAP ERP rollout and ongoing support.",
        ),
        ("Certified SAP consultants for S/4HANA projects and ABAP development.",),
        ("Consultants SAP certifiés pour vos projets S/4HANA et développements ABAP.",),
        ("مستشارون معتمدون في ساب لمشاريع تخطيط موارد المؤسسات.",),
    ),
    _theme(
        "call-centre",
        "bpo-customer-service",
        "zendesk genesys",
        (
            "We want to outsource our customer support call centre with bilingual agents.",
            "Seeking an inbound call center for customer service by phone and chat.",
        ),
        ("Multilingual call centre handling customer service calls and chats.",),
        ("Centre d'appels multilingue pour votre service client par téléphone et chat.",),
        ("مركز اتصال متعدد اللغات لخدمة العملاء عبر الهاتف والدردشة.",),
    ),
    _theme(
        "back-office",
        "bpo-back-office bpo-customer-service",
        "ocr uipath",
        (
            "We need back-office processing of invoices and insurance claims.",
            "Looking for a partner to handle document processing and data entry.",
        ),
        ("Back-office processing: invoices, claims and data entry.",),
        ("Traitement back-office : factures, dossiers de sinistres et saisie de données.",),
        ("معالجة المكاتب الخلفية: الفواتير والمطالبات وإدخال البيانات.",),
    ),
    _theme(
        "mobile-apps",
        "mobile application-development",
        "kotlin swift flutter",
        (
            "We want to build native iOS and Android apps for our customers.",
            "Seeking a studio to develop our mobile application on iPhone and Android.",
        ),
        ("We design and build iOS and Android mobile apps.",),
        ("Nous concevons et développons des applications mobiles iOS et Android.",),
        ("نصمم ونطور تطبيقات الهاتف المحمول لنظامي أندرويد وآي أو إس.",),
    ),
    _theme(
        "ecommerce-web",
        "web application-development",
        "react nodejs magento",
        (
            "We need an online store built and a faster e-commerce website.",
            "Looking for web developers for our e-commerce platform.",
        ),
        ("Development of e-commerce websites and online shops.",),
        ("Création de sites e-commerce et de boutiques en ligne performantes.",),
        ("تطوير مواقع التجارة الإلكترونية والمتاجر على الإنترنت.",),
    ),
    _theme(
        "cloud-migration",
        "cloud-infrastructure",
        "aws terraform kubernetes",
        (
            "We want to migrate our data centre servers to the AWS cloud.",
            "Seeking cloud engineers to move our infrastructure to the cloud with Kubernetes.",
        ),
        ("Cloud migration of servers and infrastructure to AWS and Kubernetes.",),
        ("Migration de vos serveurs et de votre infrastructure vers le cloud AWS.",),
        ("ترحيل الخوادم والبنية التحتية إلى الحوسبة السحابية.",),
    ),
    _theme(
        "security-soc",
        "cybersecurity cloud-infrastructure",
        "siem splunk",
        (
            "We need a security operations centre to monitor threats around the clock.",
            "Looking for managed cybersecurity monitoring and incident response.",
        ),
        ("Managed security operations centre: threat monitoring and incident response.",),
        ("Centre opérationnel de sécurité : surveillance des menaces et réponse aux incidents.",),
        ("مركز عمليات أمنية لمراقبة التهديدات والاستجابة للحوادث السيبرانية.",),
    ),
    _theme(
        "data-bi",
        "data-analytics",
        "python spark power-bi",
        (
            "We need dashboards and a data warehouse for business intelligence reporting.",
            "Seeking data engineers to build reporting dashboards from our sales data.",
        ),
        ("Data engineering and business intelligence dashboards.",),
        ("Ingénierie des données et tableaux de bord de business intelligence.",),
        ("هندسة البيانات ولوحات معلومات ذكاء الأعمال والتقارير.",),
    ),
    _theme(
        "machine-learning",
        "data-analytics application-development",
        "python pytorch nlp",
        (
            "We want to build a machine learning model to predict customer churn.",
            "Looking for AI engineers to add text classification to our product.",
        ),
        ("Machine learning and artificial intelligence models for prediction.",),
        ("Modèles d'intelligence artificielle et d'apprentissage automatique.",),
        ("نماذج التعلم الآلي والذكاء الاصطناعي للتنبؤ.",),
    ),
    _theme(
        "rpa",
        "bpo-back-office application-development",
        "uipath python",
        (
            "We need software robots to automate repetitive office tasks.",
            "Seeking robotic process automation for our finance workflows.",
        ),
        ("Robotic process automation of repetitive business tasks.",),
        ("Automatisation robotisée des processus et des tâches répétitives.",),
        ("أتمتة العمليات الروبوتية للمهام المكتبية المتكررة.",),
    ),
)

# Sentences every provider might add; they carry no signal about the need.
PROVIDER_INTROS: dict[str, tuple[str, ...]] = {
    "en": ("Based in Casablanca, we serve clients in North America.", "Our teams are in Rabat."),
    "fr": (
        "Basés à Casablanca, nous servons des clients en Amérique du Nord.",
        "Nos équipes sont à Rabat.",
    ),
    "ar": ("مقرنا في الدار البيضاء ونخدم عملاء في أمريكا الشمالية.", "فرقنا في الرباط."),
}

NOISE_TECHNOLOGIES = (
    "php",
    "angular",
    "vue",
    "oracle",
    "postgresql",
    "mongodb",
    "docker",
    "jira",
    "salesforce",
    "sharepoint",
    "go",
    "rust",
    "tableau",
    "gcp",
    "azure",
)
NOISE_SERVICE_LINES = ("consulting", "training", "staff-augmentation", "ux-design")
