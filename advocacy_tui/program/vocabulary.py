"""The method's words, as the values the store accepts (DESIGN.md, CSV issue)."""

SENIORITIES = ("ic", "manager", "director", "executive")
SOURCES = ("platform", "linkedin", "internal")
SOURCE_LABELS = {
    "platform": "Advocacy platform",
    "linkedin": "LinkedIn",
    "internal": "Internal",
}
SIGNAL_KINDS = ("share", "tag", "mention", "post", "answer")
CHANNELS = ("manager", "volunteer", "outreach")
ENROLLMENT_STATUSES = ("nominated", "invited", "oriented", "enrolled", "declined", "withdrawn")
ASSET_STATUSES = ("draft", "approved", "retired")
DELIVERY_STATUSES = ("queued", "delivered", "shared", "skipped")
FEEDBACK_KINDS = ("flag", "topic", "support")
FEEDBACK_STATUSES = ("open", "resolved")

# Step 2's four attributes, in the guide's order: (column, label, the guide's question).
DIMENSIONS = ("network_relevance", "engagement_quality", "subject_depth", "cultural_alignment")
DIMENSION_LABELS = {
    "network_relevance": "Network relevance",
    "engagement_quality": "Engagement quality",
    "subject_depth": "Subject-matter depth",
    "cultural_alignment": "Cultural alignment",
}
DIMENSION_SHORT = {
    "network_relevance": "Net",
    "engagement_quality": "Eng",
    "subject_depth": "Depth",
    "cultural_alignment": "Culture",
}
DIMENSION_QUESTIONS = {
    "network_relevance": (
        "Does their audience include target talent pools, potential customers, or industry "
        "peers who influence hiring decisions?"
    ),
    "engagement_quality": (
        "Do their posts generate substantive replies, shares, and saves, not just internal "
        "likes from colleagues?"
    ),
    "subject_depth": (
        "Are they recognized, formally or informally, as a credible expert in their domain?"
    ),
    "cultural_alignment": (
        "Do they articulate the company's values naturally in their communication, without "
        "prompting?"
    ),
}
