"""The qualifications the platform knows from the start (loaded by migration)."""

QUALIFICATIONS = [
    ("doctor", "执业医师", "Physician"),
    ("assistant_doctor", "执业助理医师", "Assistant physician"),
    ("village_doctor", "乡村医生", "Village doctor"),
    ("nurse", "护士", "Nurse"),
    ("pharmacist", "药师", "Pharmacist"),
    ("counsellor", "心理咨询师", "Psychological counsellor"),
    ("first_aider", "急救员", "First aider"),
    ("rehab_therapist", "康复治疗师", "Rehabilitation therapist"),
    ("dietitian", "营养师", "Dietitian"),
    ("social_worker", "社会工作者", "Social worker"),
    ("health_educator", "健康教育员", "Health educator"),
]
