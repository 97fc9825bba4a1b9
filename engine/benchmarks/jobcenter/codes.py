"""The jobcenter benchmark's dimensions: target groups, konto 6 tasks and konto 5 tools.

The lists are BDO's provisional ones (SYSTEMS.md §2.2). Codes are stable identifiers used in
templates, the store, the computation and the reports; labels are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.text import Text


@dataclass(frozen=True)
class Code:
    code: str
    label: Text


TARGET_GROUPS: tuple[Code, ...] = (
    Code("dagpenge", Text("Dagpenge", "Unemployment insurance benefit")),
    Code("kth_jobparat", Text("Kontanthjælp (jobparat)", "Cash benefit (job-ready)")),
    Code("kth_aktivitetsparat", Text("Kontanthjælp (aktivitetsparat)", "Cash benefit (activity-ready)")),
    Code("udh_uddannelsesparat", Text("Uddannelseshjælp (uddannelsesparat)", "Education benefit (education-ready)")),
    Code("udh_aktivitetsparat", Text("Uddannelseshjælp (aktivitetsparat)", "Education benefit (activity-ready)")),
    Code("selvforsoergelse", Text("Selvforsørgelses- og hjemrejseydelse", "Self-support and repatriation benefit")),
    Code("sygedagpenge", Text("Sygedagpenge", "Sickness benefit")),
    Code("jobafklaring", Text("Jobafklaring", "Job clarification course")),
    Code("revalidering", Text("Revalidering", "Vocational rehabilitation")),
    Code("ressourceforloeb", Text("Ressourceforløb", "Resource course")),
    Code("ledighedsydelse", Text("Ledighedsydelse", "Flex-job unemployment benefit")),
    Code("fleksjob", Text("Fleksjob", "Flex job")),
)

# Time that serves every target group (management, shared administration) is allocated here and
# spread over the target groups by the computation's key.
SHARED = Code("shared", Text("Fælles (ikke målgruppeopdelt)", "Shared (not tied to a target group)"))

TASKS: tuple[Code, ...] = (
    Code("sagsbehandling", Text("Sagsbehandling", "Casework")),
    Code("virksomhedsservice", Text("Virksomheds- og rekrutteringsservice", "Business and recruitment service")),
    Code("virksomhedsplacering", Text("Virksomhedsplaceringer", "Company placements")),
    Code("faglig_udvikling", Text("Faglig udvikling og opkvalificering", "Professional development and upskilling")),
    Code("administration", Text("Administration", "Administration")),
    Code("teamledelse", Text("Teamledelse", "Team management")),
    Code("anden_aktoer", Text("Anden aktør (konto 6)", "Other actor (account 6)")),
)

# Konto 5 lines as the source lists them, kept flat: the source's hierarchy is unclear (SYSTEMS.md
# §2.2 ⚠), so no line is treated as the sum of others and nothing is counted twice.
TOOLS: tuple[Code, ...] = (
    Code("vejledning_opkvalificering", Text("Vejledning og opkvalificering", "Guidance and upskilling")),
    Code("jobformidling", Text("Jobformidlingsforløb og håndholdt udplacering", "Job-placement courses and hands-on placement")),
    Code("oevrig_vejledning", Text("Øvrig vejledning og opkvalificeringsforløb", "Other guidance and upskilling courses")),
    Code("anden_aktoer", Text("Anden aktør (konto 5)", "Other actor (account 5)")),
    Code("ordinaer_uddannelse", Text("Ordinær uddannelse", "Ordinary education")),
    Code("mentor", Text("Mentor", "Mentor")),
)

# Employment terms in the staff list: the staff group decides the standard cost per FTE used where
# the list gives no salary cost (a parameter per group, see the method document).
STAFF_GROUPS: tuple[Code, ...] = (
    Code("socialraadgiver", Text("Socialrådgiver/-formidler (DS)", "Social worker (DS)")),
    Code("ac", Text("Akademiker (AC)", "Graduate (AC)")),
    Code("hk", Text("Administrativ medarbejder (HK)", "Administrative staff (HK)")),
    Code("konsulent", Text("Job- og virksomhedskonsulent", "Job and business consultant")),
    Code("leder", Text("Leder", "Manager")),
)

# The framework conditions (rammevilkår) the expected support rate is modelled on. The source names
# none (SYSTEMS.md §2.5 ⚠); these four are the usual structural drivers of public support and are
# published per municipality by Statistics Denmark. Register files carry them as these columns.
FRAMEWORK_CONDITIONS: tuple[Code, ...] = (
    Code("basic_education_share", Text("Andel 25-64-årige med kun grundskole", "Share of 25-64 with only basic schooling")),
    Code("non_western_share", Text("Andel indvandrere og efterkommere fra ikke-vestlige lande",
                                   "Share of immigrants and descendants of non-Western origin")),
    Code("jobs_per_100", Text("Arbejdspladser pr. 100 16-66-årige i pendlingsområdet",
                              "Jobs per 100 residents aged 16-66 in the commuting area")),
    Code("age_50_64_share", Text("Andel 50-64-årige af de 16-66-årige", "Share aged 50-64 of those aged 16-66")),
)

TARGET_GROUP_CODES = tuple(group.code for group in TARGET_GROUPS)
TASK_CODES = tuple(task.code for task in TASKS)
TOOL_CODES = tuple(tool.code for tool in TOOLS)
STAFF_GROUP_CODES = tuple(group.code for group in STAFF_GROUPS)
FRAMEWORK_CODES = tuple(condition.code for condition in FRAMEWORK_CONDITIONS)
