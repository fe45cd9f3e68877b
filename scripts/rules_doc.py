"""Write docs/rules.md: every rule ID of REQUIREMENTS.md, the seed's words beside it and the
tests that name it (in a `# REQ:` line or as `test_<id>_...`).

    python scripts/rules_doc.py [PATH/TO/REQUIREMENTS.md]
"""

from __future__ import annotations

import collections
import os
import re
import sys
from pathlib import Path

# The protocol's words for each rule, and where they stand in the seed.
Q = {
    "RQ-1": (
        "Where consent has not been obtained, reasons for this will be documented on the interagency referral form.",
        "ISP 6.1.2",
    ),
    "RQ-2": (
        "Relevant and proportionate information from various agencies needs to be available and accessible in one place ... in a timely manner.",
        "ISP 1.4",
    ),
    "RQ-3": (
        "Information viewed in isolation, or held in silos, will not give a complete picture from which to identify the true level of risk.",
        "ISP 1.3",
    ),
    "RQ-4": (
        "Strategy Discussions/Meetings or requests for re-convened Strategy Discussions/Meetings on open cases in Children's Social Care, will not be held in the MASH. The usual arrangements by the LAs/Police and Health will continue in these cases.",
        "Strategy protocol, opening",
    ),
    "RQ-5": (
        "Strategy discussion is convened by LA children's social care to decide whether to initiate section 47 enquiries ... Decision to complete assessment under section 17 ... No further LA children's social care involvement at this stage",
        "Flow chart 4",
    ),
    "RQ-6": (
        "Information held on ICT systems including databases and storage systems shall be accessible only by authorised individuals.",
        "InfoSec 2.1.1",
    ),
    "RQ-7": ("Personal data shall be accurate and, where necessary, kept up to date.", "ISP 5.4"),
    "RQ-8": (
        "Relevant and proportionate information ... needs to be available and accessible in one place so that a single comprehensive view can be derived.",
        "ISP 1.4",
    ),
    "ISP-1": (
        "This agreement does not cover other sharing arrangements between partners that are outside the scope of MASH.",
        "ISP 3.3 (research case by case: ISP 5.4.1 in the requirement)",
    ),
    "ISP-2": (
        "Need to Know - no person is entitled, solely by virtue of rank, or appointment to have knowledge of, access to, or possession of information unless they are explicitly authorised ... and need to know it.",
        "Glossary; ISP 5.2, 6.1.4",
    ),
    "ISP-3": (
        "The originating Partner will be the final arbiter as to whether information is disclosed, or not.",
        "ISP 6.1.6",
    ),
    "ISP-4": (
        "Only authorised senior staff ... will be party to the discussions that take place for the purposes of determining what information should be disclosed as part of the final intelligence package.",
        "InfoSec 2.1.2",
    ),
    "ISP-5": (
        "Partners agree to seek the permission of the originating Partner if they wish to disseminate shared information outside of the MASH environment.",
        "ISP 7.1.4",
    ),
    "ISP-6": (
        "MASH information shared under this agreement will not, under any circumstances, be transferred overseas.",
        "ISP 5.9",
    ),
    "ISP-7": (
        "Each Partner Data Controller is responsible for responding appropriately to Subject Access Requests addressed to them.",
        "ISP 5.7.2, 5.10",
    ),
    "ISP-8": (
        "Any information obtained whilst a Partner will remain subject to the terms of this agreement.",
        "ISP 7.1.5",
    ),
    "ISP-9": (
        "Data destruction at the end of its retention period must be undertaken in accordance with organisational policies.",
        "ISP 5.6.1",
    ),
    "ISP-10": (
        "For consent to be valid, it must be voluntary and informed and the person consenting must have the capacity to make the decision. ... there would have to be good reasons for not undertaking an assessment of mental capacity ... documented carefully. ... further consent should be sought from other third parties",
        "Glossary; ISP 5.15.1; ISP 6.1.1",
    ),
    "ISP-11": (
        "The Act ... does not provide a basis for processing by non-Public Sector bodies ... Relevant authorities include: Police, Probation, Local Authorities, NHS Trusts, CCG's and other NHS statutory bodies.",
        "ISP 5.11.1; ISP 5.13",
    ),
    "ISP-12": (
        "It may be necessary to seek advice on professional conduct as well as legal advice before sharing information without consent, especially for information related to the treatment of mental illness.",
        "ISP 6.1.6-6.1.7",
    ),
    "ISP-13": (
        "Data subjects have the right to correct inaccuracies in their record ... the originating Partner should be notified.",
        "ISP 5.7.4",
    ),
    "ISP-14": ("Data subjects have the right to object to processing.", "ISP 5.7.3, 5.7.1"),
    "SEC-1": (
        "Appropriate technical and organisational measures shall be taken against unauthorised or unlawful processing of personal data.",
        "ISP 5.8",
    ),
    "SEC-2": (
        "Information held on ICT systems ... shall be accessible only by authorised individuals.",
        "InfoSec 2.1.1",
    ),
    "SEC-3": ("The MASH Managers shall facilitate the audit of the MASH operation.", "InfoSec 6.1"),
    "SEC-4": (
        "A security incident is defined as: Accidental or deliberate unauthorised disclosure of information; ... Any breaches ... will be reported ... to the Management Board.",
        "InfoSec 1.1.1; ISP 8.1.2",
    ),
    "SEC-5": (
        "No paper documentation is to be removed from the MASH secure environment under any circumstances.",
        "InfoSec 2.2.1",
    ),
    "SEC-6": ("Notes of phone calls should be stored securely.", "InfoSec 3.2"),
    "SEC-7": (
        "Information held on ICT systems ... shall be accessible only by authorised individuals.",
        "InfoSec 2.1.1",
    ),
    "SEC-8": ("Communication to be sent through agreed system networks.", "InfoSec 3.3"),
    "SEC-9": (
        "... against accidental loss, or destruction of, or damage to, personal data.",
        "ISP 5.8",
    ),
    "SEC-10": (
        "... against accidental loss, or destruction of, or damage to, personal data.",
        "ISP 5.8",
    ),
    "SD-0": (
        "Strategy Discussions/Meetings or requests for re-convened Strategy Discussions/Meetings on open cases in Children's Social Care, will not be held in the MASH.",
        "Strategy protocol, opening",
    ),
    "SD-1": (
        "... with the exception of a child who is already admitted in hospital, in which case, the Strategy Discussion/Meeting should be held with hospital staff.",
        "Strategy protocol 1",
    ),
    "SD-2": (
        "The individual LA will request the Strategy Discussion/Meeting, using the PanDorset Strategy Request Form, with Police and Health and consider any other agency, including a paediatrician if necessary.",
        "Strategy protocol 2-3",
    ),
    "SD-3": (
        "A local authority social worker and their manager, health professionals and a police representative should, as a minimum, be involved in the strategy discussion.",
        "Working Together 2015 (appendix one)",
    ),
    "SD-4": (
        "The Manager will ensure that a copy of this is sent to the Police, Health and any other agency involved in the Strategy Discussion/Meeting within 48 hours.",
        "Strategy protocol 4",
    ),
    "SD-5": (
        "agree the conduct and timing of any criminal investigation ... what immediate and short term action is required ... whether legal action is required ... decides what information should be shared with the child and family",
        "Working Together 2015 (appendix one)",
    ),
    "SD-6": (
        "The Manager of the relevant LA will provide the name of the allocated social worker/team in order relevant partners and agencies can feed back their actions.",
        "Strategy protocol 7",
    ),
    "SD-7": (
        "within 15 working days of the strategy discussion at which section 47 enquiries were initiated ... no longer than 45 working days from the point of referral",
        "Flow chart 4; Working Together 2015",
    ),
    "SD-8": (
        "The LA Children's Social Care will feed back the outcome of the assessment to relevant partners and date of the child protection conference if necessary.",
        "Strategy protocol 9; flow chart 4",
    ),
    "SD-9": (
        "The recording of Strategy discussions/meetings should be undertaken by the OOHs responsible Manager in order that individual LAs can access this the following morning or following the weekend.",
        "Strategy protocol 10",
    ),
    "SD-10": (
        "If any partner disagrees with the outcome of the Strategy Discussion/Meeting then they will refer to the Escalation policy, LSCB.",
        "Strategy protocol 11",
    ),
    "SD-11": (
        "If the referral is an emergency ... and has not had a MASH discussion, the Strategy Discussion/Meeting will consider all available information at the time.",
        "Strategy protocol 5",
    ),
    "SD-12": (
        "the LA Children's Social Care will lead for the Section 47 enquiries ... and the Police will be responsible for leading any criminal investigation ... where an EPO is in place or the child is the subject of police powers of protection",
        "Strategy protocol 6; Working Together 2015",
    ),
    "SD-13": (
        "(including the fostering service, if the child is looked after) ... All attendees should be sufficiently senior to make decisions on behalf of their agencies.",
        "Working Together 2015 (appendix one)",
    ),
    "SD-14": (
        "This will be during core operational hours. ... LA Children's Social Care Out of Hours Service ... via telephone request",
        "Strategy protocol 1 and 10",
    ),
    "SD-15": (
        "within 15 working days of a strategy discussion, or the strategy discussion at which section 47 enquiries were initiated if more than one has been held",
        "Working Together 2015 (outcome of s47 enquiries)",
    ),
    "SD-16": (
        "a copy of this is sent ... within 48 hours ... Information transmitted to, or from the MASH between agencies shall be by secure email (e.g. GCSX) or fax",
        "Strategy protocol 4; InfoSec 3.1, 2.2.1",
    ),
    "SD-17": (
        "The LA Children's Social Care will feed back the outcome of the assessment to relevant partners",
        "Strategy protocol 9",
    ),
    "SD-18": (
        "other professionals involved with the child and family have the right to request that local authority children's social care convene a conference",
        "Working Together 2015 (outcome of s47 enquiries)",
    ),
    "GOV-1": (
        "A Management Board ... will maintain oversight of this agreement and the operation of the MASH.",
        "ISP 8.1.1",
    ),
    "GOV-2": (
        "The arrangements in this agreement will be reviewed by the Management Board annually.",
        "ISP 8.1.1",
    ),
    "GOV-3": (
        "non-compliance with the terms of this agreement by any partner may result in the partner being brought to the attention of the Management Board ... Any complaints will be reported to the Management Board",
        "ISP 9.1.2, 11.1.1, 10.1.1",
    ),
}


req = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/REQUIREMENTS.md").read_text()
rules = {}
for m in re.finditer(r"^- ([A-Z]+-\d+) (.*?)(?=^- |^## |\Z)", req, re.S | re.M):
    rules[m.group(1)] = " ".join(m.group(2).split())
ids = list(rules)
hits = collections.defaultdict(list)
for root, _, files in os.walk("tests"):
    for f in sorted(files):
        if not f.endswith(".py"):
            continue
        p = os.path.join(root, f)
        lines = Path(p).read_text().splitlines()
        funcs = [
            (i, m.group(1))
            for i, line in enumerate(lines)
            if (m := re.match(r"\s*def (test_\w+)", line))
        ]
        for k, (i, name) in enumerate(funcs):
            start = i
            while start > 0 and lines[start - 1].strip().startswith(("#", "@")):
                start -= 1
            end = funcs[k + 1][0] if k + 1 < len(funcs) else len(lines)
            while end - 1 > i and lines[end - 1].strip().startswith(("#", "@")):
                end -= 1
            block = "\n".join(lines[start:end])
            for id_ in ids:
                pat = re.escape(id_) + r"(?!\d)(?!\.\d)"
                named = re.search("test_" + id_.lower().replace("-", "") + "_", name)
                tagged = re.search(r"REQ:[^\n]*" + pat, block)
                if named or tagged:
                    # Service tests first: they prove the rule where every client is bound by it.
                    rank = (0 if "/services/" in p else 1, 0 if named else 1)
                    hits[id_].append((rank, f"{p}::{name}"))
out = [
    "# Rules and their proof",
    "",
    "Every rule ID of the requirements (`REQUIREMENTS.md`), the protocol's own words beside it "
    "(the seed: Pan Dorset MASH Information Sharing Protocol, Information Security Protocol, "
    "Strategy Discussion protocol and the Working Together 2015 extracts), and the tests that "
    'prove it: tests that name the ID in a `# REQ:` line or in their name. `grep -rn "SD-4" '
    'tests/` finds them all; up to four are listed here. "Not yet proven" means no test names '
    "the rule yet: it may be partly built, but nothing fails if it breaks.",
    "",
    "Regenerate after adding tests: `python scripts/rules_doc.py PATH/TO/REQUIREMENTS.md` "
    "(the seed's words live in that script).",
    "",
]
section = None
titles = {
    "RQ": "Contacts and the referral queue",
    "ISP": "Agency research and information sharing",
    "SEC": "Security protocol",
    "SD": "Strategy discussions",
    "GOV": "Governance",
}
for id_ in ids:
    pre = id_.split("-")[0]
    if pre != section:
        section = pre
        out += [f"## {titles[pre]}", ""]
    words, where = Q[id_]
    out.append(f"### {id_}")
    out.append(f"- Rule: {rules[id_]}")
    out.append(f'- Seed: "{words}" ({where})')
    tests = [t for _, t in sorted(set(hits[id_]))][:4]
    if tests:
        out.append(
            "- Proven by: "
            + "; ".join(f"`{t}`" for t in tests)
            + (f" (and {len(set(hits[id_])) - 4} more)" if len(set(hits[id_])) > 4 else "")
        )
    else:
        out.append("- Proven by: **not yet proven** (no test names this rule)")
    out.append("")
Path("docs/rules.md").write_text("\n".join(out) + "\n")
print(sum(1 for i in ids if not hits[i]), "unproven:", [i for i in ids if not hits[i]])
