"""The default due diligence checklists (copied into DDTemplate rows on first use).

Items marked for one deal type only appear in that type's template: e.g. DTAC (the NHS
Digital Technology Assessment Criteria) for digital health, ISO 13485 and the device class
for devices. Each item: (workstream, title, guidance, due_days, deal_types).
"""

from __future__ import annotations

DEVICE = "device"
DIGITAL = "digital_health"
BOTH = (DEVICE, DIGITAL)

ITEMS: list[tuple[str, str, str, int, tuple[str, ...]]] = [
    (
        "commercial",
        "Market size and segments",
        "TAM/SAM/SOM with sources; NHS and export.",
        21,
        BOTH,
    ),
    (
        "commercial",
        "Customer and NHS buyer interviews",
        "At least five, incl. procurement.",
        21,
        BOTH,
    ),
    (
        "commercial",
        "Competitors and reimbursement route",
        "Tariff, NICE MTG, NHS Supply Chain.",
        21,
        BOTH,
    ),
    ("financial", "Management accounts and forecast", "Last 12 months; 3-year forecast.", 14, BOTH),
    ("financial", "Cap table and use of funds", "Fully diluted; milestones funded.", 14, BOTH),
    ("legal", "Company and share structure", "Articles, shareholder agreement, options.", 21, BOTH),
    ("legal", "Material contracts and litigation", "Customers, suppliers, disputes.", 21, BOTH),
    (
        "ip",
        "Patents and ownership",
        "Filings, assignments from founders and universities.",
        28,
        BOTH,
    ),
    ("ip", "Freedom to operate", "FTO search or opinion on the core product.", 28, BOTH),
    (
        "regulatory",
        "Device class and UKCA / CE marking route",
        "MHRA registration, approved body.",
        28,
        (DEVICE,),
    ),
    (
        "regulatory",
        "ISO 13485 quality management system",
        "Certificate or plan and gap audit.",
        28,
        (DEVICE,),
    ),
    (
        "regulatory",
        "Software as a medical device status",
        "MHRA SaMD qualification; class.",
        28,
        (DIGITAL,),
    ),
    (
        "regulatory",
        "DTAC assessment",
        "Clinical safety (DCB0129), data protection, security.",
        28,
        (DIGITAL,),
    ),
    (
        "regulatory",
        "NICE evidence standards tier",
        "Evidence standards framework tier and gaps.",
        28,
        BOTH,
    ),
    (
        "clinical",
        "Clinical evidence and studies",
        "Published or ongoing evaluations, ethics.",
        28,
        BOTH,
    ),
    (
        "clinical",
        "Clinical champions and adoption",
        "Named clinicians, sites, pathway fit.",
        28,
        BOTH,
    ),
    ("team", "Founders and key hires", "References, gaps, board composition.", 14, BOTH),
    ("esg", "ESG questionnaire", "Environmental, social and governance policies.", 21, BOTH),
]

TEMPLATES = {
    DEVICE: "Medical device or diagnostic",
    DIGITAL: "Digital health",
}
