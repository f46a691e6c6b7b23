"""The vocabularies the graph uses, with our own as a closed namespace.

OSCB is a closed rdflib DefinedNamespace, so a misspelt term fails at import
instead of silently minting a new IRI; a test keeps it equal to ontology/oscb.ttl.
The plain strings (ID_BASE, PREFIXES) live in oscb_graph.prefixes, which needs no rdflib.
"""
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .prefixes import ID_BASE, ONTOLOGY, OSCB_NS, PREFIXES

ONTOLOGY_IRI = URIRef(ONTOLOGY)


class OSCB(DefinedNamespace):
    """Terms of the oscb-graph ontology (ontology/oscb.ttl)."""

    _NS = Namespace(OSCB_NS)
    _fail = True
    _extras = ['from']  # Python keywords, reached as OSCB["from"]

    Action: URIRef
    ActionStatuses: URIRef
    Agency: URIRef
    Arrangement: URIRef
    AskedOf: URIRef
    Attendee: URIRef
    Audience: URIRef
    Audit: URIRef
    Board: URIRef
    BodyGroup: URIRef
    Chair: URIRef
    CoLocated: URIRef
    Commission: URIRef
    CommissionerSector: URIRef
    Conference: URIRef
    Consultation: URIRef
    Convener: URIRef
    Count: URIRef
    Criterion: URIRef
    Day: URIRef
    Directorate: URIRef
    Dissemination: URIRef
    Done: URIRef
    Escalation: URIRef
    Expected: URIRef
    Figure: URIRef
    FlowKinds: URIRef
    Funding: URIRef
    GlossaryTerm: URIRef
    Guidance: URIRef
    HealthSector: URIRef
    Hub: URIRef
    InformationFlow: URIRef
    InformationSystem: URIRef
    LocalAuthoritySector: URIRef
    Meeting: URIRef
    Member: URIRef
    Membership: URIRef
    MembershipRoles: URIRef
    NationalBody: URIRef
    Observed: URIRef
    Ongoing: URIRef
    Outcome: URIRef
    OutcomeKinds: URIRef
    Oversight: URIRef
    Owner: URIRef
    Panel: URIRef
    Partnership: URIRef
    Passage: URIRef
    Pathway: URIRef
    Percent: URIRef
    Place: URIRef
    Plan: URIRef
    Planned: URIRef
    PoliceSector: URIRef
    Policy: URIRef
    Post: URIRef
    PoundSterling: URIRef
    ProbationSector: URIRef
    Programme: URIRef
    Protocol: URIRef
    Publication: URIRef
    Recommendation: URIRef
    RecommendationPoint: URIRef
    Recording: URIRef
    Referral: URIRef
    Report: URIRef
    ReportedImpact: URIRef
    Reporting: URIRef
    Responsibility: URIRef
    ResponsibilityRoles: URIRef
    Review: URIRef
    Route: URIRef
    SchoolsSector: URIRef
    Sectors: URIRef
    Service: URIRef
    Sharing: URIRef
    SocialCareSector: URIRef
    StaffGroup: URIRef
    Survey: URIRef
    Team: URIRef
    Theme: URIRef
    Tool: URIRef
    Topic: URIRef
    Training: URIRef
    UnderConsideration: URIRef
    Units: URIRef
    VirtualContributor: URIRef
    VoluntarySector: URIRef
    WorkingGroup: URIRef
    WorkingWith: URIRef
    Year: URIRef
    acronym: URIRef
    amount: URIRef
    area: URIRef
    body: URIRef
    commissioned: URIRef
    commissioner: URIRef
    concerns: URIRef
    conveys: URIRef
    criterion: URIRef
    date: URIRef
    dateNote: URIRef
    denotes: URIRef
    eligibility: URIRef
    endDate: URIRef
    establishes: URIRef
    evidence: URIRef
    example: URIRef
    flowKind: URIRef
    frequency: URIRef
    funded: URIRef
    funder: URIRef
    inLineWith: URIRef
    includes: URIRef
    measures: URIRef
    mentions: URIRef
    negated: URIRef
    notModelled: URIRef
    number: URIRef
    openList: URIRef
    order: URIRef
    outcomeKind: URIRef
    overseen: URIRef
    overseer: URIRef
    oversightKind: URIRef
    ownedBy: URIRef
    partOf: URIRef
    party: URIRef
    period: URIRef
    point: URIRef
    population: URIRef
    priorityGroup: URIRef
    purpose: URIRef
    recommendation: URIRef
    replaces: URIRef
    reportsOn: URIRef
    responsible: URIRef
    reviewFrequency: URIRef
    role: URIRef
    sector: URIRef
    sourceText: URIRef
    startDate: URIRef
    status: URIRef
    step: URIRef
    supportedBy: URIRef
    targetDate: URIRef
    text: URIRef
    theme: URIRef
    to: URIRef
    total: URIRef
    trigger: URIRef
    unit: URIRef
    unstated: URIRef
    usualHolder: URIRef
    value: URIRef
    via: URIRef

    # Trackers (oscb-graph import): action plans, their files and cells
    ActionPlan: URIRef
    Cell: URIRef
    Milestone: URIRef
    RagAmber: URIRef
    RagAmberGreen: URIRef
    RagComplete: URIRef
    RagGreen: URIRef
    RagRatings: URIRef
    RagRed: URIRef
    RagRedAmber: URIRef
    ScopeLocal: URIRef
    ScopeNational: URIRef
    ScopeRegional: URIRef
    Scopes: URIRef
    TrackerFile: URIRef
    anchoring: URIRef
    column: URIRef
    completionDate: URIRef
    field: URIRef
    fileName: URIRef
    inFile: URIRef
    milestone: URIRef
    progressNote: URIRef
    rag: URIRef
    row: URIRef
    scope: URIRef
    sha256: URIRef
    sheet: URIRef
    sourceCell: URIRef
    trackerFile: URIRef

    # The review a tracker follows up: its type, stage and publication
    ChildSafeguardingPracticeReview: URIRef
    DomesticHomicideReview: URIRef
    RapidReview: URIRef
    ReviewStages: URIRef
    ReviewTypes: URIRef
    SafeguardingAdultsReview: URIRef
    SeriousCaseReview: URIRef
    StageActionPlan: URIRef
    StageClosed: URIRef
    StageInProgress: URIRef
    StagePublished: URIRef
    StageScoping: URIRef
    published: URIRef
    review: URIRef
    reviewStage: URIRef
    reviewType: URIRef


ORG = Namespace(PREFIXES["org"])
OA = Namespace(PREFIXES["oa"])
SCHEMA = Namespace(PREFIXES["schema"])

__all__ = ["ID_BASE", "ONTOLOGY_IRI", "OSCB", "ORG", "OA", "SCHEMA", "PREFIXES"]
