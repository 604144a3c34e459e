//! Stable diagnostic codes. Tools and CI filters match on these, so a code never changes meaning.

/// TP0001 (error): a file or folder cannot be read, or a text input is larger than 16 MiB.
pub const IO: &str = "TP0001";
/// TP0002 (error): TOML syntax error.
pub const TOML_SYNTAX: &str = "TP0002";
/// TP0101 (error): unknown key.
pub const UNKNOWN_KEY: &str = "TP0101";
/// TP0102 (error): wrong type.
pub const WRONG_TYPE: &str = "TP0102";
/// TP0103 (error): missing required field.
pub const MISSING_FIELD: &str = "TP0103";
/// TP0104 (error): a value outside the allowed ones (enums, colours, country codes, hashtags,
/// limits).
pub const INVALID_VALUE: &str = "TP0104";
/// TP0105 (error): a URL that is not https, http or mailto.
pub const URL_SCHEME: &str = "TP0105";
/// TP0106 (error): not a calendar date, or `SOURCE_DATE_EPOCH` is not a number.
pub const INVALID_DATE: &str = "TP0106";
/// TP0107 (error): an id that is not a lowercase slug.
pub const INVALID_ID: &str = "TP0107";
/// TP0108 (error): duplicate id, name or language.
pub const DUPLICATE_ID: &str = "TP0108";
/// TP0109 (error): a translation for a language the site does not have, or none for the default
/// language.
pub const LANGUAGE: &str = "TP0109";
/// TP0110 (error): a file named in the settings is missing or outside `static/`, or there is no
/// trust.toml.
pub const MISSING_FILE: &str = "TP0110";
/// TP0111 (error): an input larger than trustpage reads.
pub const LIMIT: &str = "TP0111";
/// TP0112 (error): `brand.font_family` is not a plain list of font names.
pub const INVALID_FONT_FAMILY: &str = "TP0112";
/// TP0113 (error): `brand.logo` or `brand.logo_dark` names a file that is not an image a
/// browser draws in a page header.
pub const LOGO_NOT_IMAGE: &str = "TP0113";
/// TP0201 (error): SOC 1/2 without `type`, or `type` on another framework.
pub const REPORT_TYPE: &str = "TP0201";
/// TP0202 (error): a Type I report with a review period.
pub const TYPE_I_DATES: &str = "TP0202";
/// TP0203 (error): a Type II period that ends before it starts, an active report whose period has
/// not ended, `as_of` on a Type II report, a bridge letter before the period end, a certificate
/// issued after it expires.
pub const PERIOD: &str = "TP0203";
/// TP0204 (error): a report issued before its period end (or Type I date), or after the site's
/// date.
pub const REPORT_ISSUED: &str = "TP0204";
/// TP0205 (warning): a Type II period shorter than 3 or longer than 12 months.
pub const PERIOD_LENGTH: &str = "TP0205";
/// TP0206 (error): principles on a framework without them, or a SOC 2 report without security.
pub const PRINCIPLE_SCOPE: &str = "TP0206";
/// TP0207 (error): a claimed principle without `[principles.<name>]`, a summary or procedures.
pub const PRINCIPLE_UNEXPLAINED: &str = "TP0207";
/// TP0208 (warning): a principle described but claimed by no attestation.
pub const PRINCIPLE_UNCLAIMED: &str = "TP0208";
/// TP0209 (error): an active report older than `report_max_age_days` after its period end (Type II)
/// or date (Type I), bridge letter included.
pub const STALE: &str = "TP0209";
/// TP0210 (warning): a report going stale within `warn_within_days`.
pub const GOING_STALE: &str = "TP0210";
/// TP0211 (error): an active certificate past `expires`.
pub const CERT_EXPIRED: &str = "TP0211";
/// TP0212 (warning): a certificate expiring within `warn_within_days`.
pub const CERT_EXPIRING: &str = "TP0212";
/// TP0213 (error): a field that does not apply to the framework, or `other` without `name`.
pub const FRAMEWORK_FIELD: &str = "TP0213";
/// TP0214 (warning): with `check --horizon DAYS`: a report, bridge letter, certificate, PCI DSS AoC or the
/// security.txt `Expires` that lapses within the horizon.
pub const HORIZON: &str = "TP0214";
/// TP0301 (error): no security contact.
pub const CONTACT: &str = "TP0301";
/// TP0302 (error): a `request` or `nda` document (or report) with a public file or URL, or its file
/// or URL found in the output.
pub const DOCUMENT_LEAK: &str = "TP0302";
/// TP0303 (error): a public document with neither `file` nor `url`.
pub const DOCUMENT_LINK: &str = "TP0303";
/// TP0304 (error): a document naming an attestation id that does not exist.
pub const UNKNOWN_REFERENCE: &str = "TP0304";
/// TP0401 (error): no front matter, or not closed.
pub const FRONT_MATTER: &str = "TP0401";
/// TP0402 (error): an update without `date`.
pub const UPDATE_DATE: &str = "TP0402";
/// TP0403 (error): two pages at one URL, a page at a URL trustpage generates, or a static file (the
/// site's or its theme's) at the path of anything trustpage generates: a page, `sitemap.xml`,
/// `trust.json`, `_headers`, `assets/brand.css`, `og/<lang>.png`, `social/...`, or the content-
/// hashed copy of an asset (`assets/style.3f9a2c1e.css`).
pub const URL_COLLISION: &str = "TP0403";
/// TP0404 (error / warning): a link to a page file that does not exist (error); a link with a
/// scheme that is not allowed, removed (warning).
pub const MARKDOWN_LINK: &str = "TP0404";
/// TP0405 (warning): a page opts out of sanitizing with `allow_html = true`.
pub const RAW_HTML: &str = "TP0405";
/// TP0406 (error): a symlink in the site that leads outside it, or to a hidden file or folder (or
/// an editor's backup) inside it, which is never published.
pub const SYMLINK: &str = "TP0406";
/// TP0407 (error): a text file that is not UTF-8.
pub const INVALID_UTF8: &str = "TP0407";
/// TP0408 (warning): a page, a text of trust.toml or trustpage.toml, or a theme string without a
/// translation into one of the site's languages (readers see the default language).
pub const MISSING_TRANSLATION: &str = "TP0408";
/// TP0409 (error): a file name in the site that is not UTF-8 or holds a control character (a line
/// break would start a new line of `_headers`) or a character that reorders text.
pub const FILE_NAME: &str = "TP0409";
/// TP0410 (note): a page dated after the site's date, not published until then; never a
/// failure, not even under `--strict`.
pub const SCHEDULED: &str = "TP0410";
/// TP0501 (error): a template syntax or rendering error, or a template that does not exist.
pub const TEMPLATE: &str = "TP0501";
/// TP0502 (error): a link or `#anchor` in the built pages that does not resolve.
pub const BROKEN_LINK: &str = "TP0502";
/// TP0503 (error): `theme` names a folder the site does not have.
pub const THEME: &str = "TP0503";
/// TP0504 (error): with `check --external`: a link to another site answers with an error or does
/// not resolve.
pub const EXTERNAL_BROKEN: &str = "TP0504";
/// TP0505 (warning): with `check --external`: a link times out or is rate-limited (429).
pub const EXTERNAL_UNSURE: &str = "TP0505";
/// TP0601 (warning): "SOC 2 certified", "SOC 2 certification", "SOC 2認証取得".
pub const CLAIM_CERTIFIED: &str = "TP0601";
/// TP0602 (error): "HIPAA certified", "HIPAA認証".
pub const CLAIM_HIPAA_CERTIFIED: &str = "TP0602";
/// TP0603 (error): a framework (SOC 1/2/3, ISO 27001/27017/27018/27701, PCI DSS, HIPAA, GDPR, CSA
/// STAR, FedRAMP) named with no attestation of it in trust.toml.
pub const CLAIM_UNSUPPORTED: &str = "TP0603";
/// TP0604 (error): a Type claim or a covered principle that contradicts trust.toml.
pub const CLAIM_CONTRADICTS: &str = "TP0604";
/// TP0605 (warning): a framework named whose attestation is planned, in progress or expired.
pub const CLAIM_NOT_ACTIVE: &str = "TP0605";
/// TP0701 (error): a post does not fit its platform (or the platform refuses it: empty, too many
/// links, a forbidden character).
pub const SNIPPET_TOO_LONG: &str = "TP0701";
/// TP0702 (error / warning): the card font named in `[social] card_font` is not a regular file
/// inside the site of at most 20 MiB, or cannot be read (error).
pub const CARD_FONT: &str = "TP0702";
/// TP0411 (error / warning): a file under `content/` that is not read: a Markdown file whose name
/// does not end in `.md` (error), any other file (warning; files to publish belong in `static/`).
pub const CONTENT_NOT_READ: &str = "TP0411";
/// TP0606 (warning): "GDPR certified", "GDPR certification", "GDPR認証": the GDPR certifies no
/// company as compliant.
pub const CLAIM_GDPR_CERTIFIED: &str = "TP0606";
/// TP0607 (warning / error): "SSAE 16", superseded by SSAE 18 for reports dated on or after
/// 2017-05-01 (error when the text presents it as the current report).
pub const CLAIM_SSAE16: &str = "TP0607";
/// TP0608 (warning): "SOC2", "SOC-2", "SOC II" written in copy instead of "SOC 2".
pub const SOC_SPELLING: &str = "TP0608";
/// TP0609 (warning): "AICPA certified", "certified by the AICPA": the AICPA certifies no company.
pub const CLAIM_AICPA_CERTIFIED: &str = "TP0609";
/// TP0610 (warning): an absolute promise: "100% secure", "unhackable", "military-grade
/// encryption", "絶対に安全".
pub const CLAIM_ABSOLUTE: &str = "TP0610";
/// TP0611 (warning): a placeholder that `trustpage init` wrote, still in trust.toml,
/// trustpage.toml or a page.
pub const PLACEHOLDER: &str = "TP0611";
/// TP0612 (error): a `[company.social]` account that is not in its platform's form (an X handle
/// or profile URL, a Mastodon `@user@instance`, a Bluesky handle, a LinkedIn, Facebook or
/// Threads URL on the platform's own host).
pub const SOCIAL_ACCOUNT: &str = "TP0612";
/// TP0613 (error): an announcement's own text asks for `{mention}` on a platform where
/// `[company.social]` gives the company no account that a post can mention.
pub const SOCIAL_MENTION: &str = "TP0613";
/// TP0811 (warning): a policy's review is overdue: `last_reviewed` plus `review_every_months`
/// is before the as_of day.
pub const POLICY_OVERDUE: &str = "TP0811";
/// TP0812 (error): a policy's review is more than one full cycle late.
pub const POLICY_LAPSED: &str = "TP0812";
/// TP0813 (error): a policy review or a penetration test dated after the as_of day.
pub const FACT_IN_FUTURE: &str = "TP0813";
/// TP0814 (error): `policies.page` names no page that is on the site on the as_of day.
pub const POLICY_PAGE: &str = "TP0814";
/// TP0815 (error): a policy's or penetration test's `document` is the id of no `[[documents]]`
/// entry.
pub const FACT_DOCUMENT: &str = "TP0815";
/// TP0816 (error): the latest penetration test is older than `pentest_max_age_days`.
pub const PENTEST_STALE: &str = "TP0816";
/// TP0817 (warning): the latest penetration test goes stale within `warn_within_days` (or
/// within `--horizon`).
pub const PENTEST_GOING_STALE: &str = "TP0817";
/// TP0818 (error): `contact.privacy` or `contact.trust_team` gives neither `email` nor `url`.
pub const EXTRA_CONTACT: &str = "TP0818";
/// TP0801 (error): a subprocessor that starts after the site's date without an `announced` date.
pub const SUBPROCESSOR_UNANNOUNCED: &str = "TP0801";
/// TP0802 (error): a subprocessor that starts after the site's date, announced with less notice
/// than `[policy] subprocessor_notice_days`.
pub const SUBPROCESSOR_NOTICE: &str = "TP0802";
/// TP0803 (error): a subprocessor whose `until` is before its `since`.
pub const SUBPROCESSOR_UNTIL: &str = "TP0803";
/// TP0804 (error): a subprocessor announced after it started (`announced` after `since`).
pub const SUBPROCESSOR_ANNOUNCED_LATE: &str = "TP0804";
/// TP0805 (warning): a subprocessor that stopped (`until`) more than a year before the site's
/// date: it may leave trust.toml.
pub const SUBPROCESSOR_LONG_GONE: &str = "TP0805";
/// TP0901 (error): a criterion in `controls.maps_to` that is not in trustpage's catalogues (the
/// 2017 Trust Services Criteria, ISO/IEC 27001:2022 Annex A); the help names the nearest one.
pub const UNKNOWN_CRITERION: &str = "TP0901";
/// TP0902 (error): a procedure's `controls` names a control id that no `[[controls]]` has.
pub const UNKNOWN_CONTROL: &str = "TP0902";
/// TP0903 (warning): on a site with `[[controls]]`, a principle an attestation claims that no
/// control maps to.
pub const PRINCIPLE_NO_CONTROL: &str = "TP0903";
/// TP0904 (warning): a control whose `maps_to` names no criterion.
pub const CONTROL_UNMAPPED: &str = "TP0904";
/// TP0215 (error): an active ISO/IEC 27001:2013 certificate after 2025-10-31, when the
/// transition to the 2022 edition ended.
pub const ISO_2013_STALE: &str = "TP0215";
/// TP0216 (warning): an ISO/IEC 27001:2013 certificate within `warn_within_days` of the end of
/// the transition.
pub const ISO_2013_ENDING: &str = "TP0216";
/// TP0217 (warning): an active ISO certificate whose `next_surveillance` is past.
pub const SURVEILLANCE_PAST: &str = "TP0217";
/// TP0218 (error): `next_surveillance` on or before `issued`, or after `expires`.
pub const SURVEILLANCE_OUTSIDE: &str = "TP0218";
/// TP0219 (error): an active PCI DSS entry whose AoC is more than a year old, or dated after the
/// site's date.
pub const AOC_STALE: &str = "TP0219";
/// TP0220 (warning): a PCI DSS AoC turning a year old within `warn_within_days`.
pub const AOC_GOING_STALE: &str = "TP0220";
/// TP0221 (error): a PCI DSS level that does not exist for the entity, or a validation (ROC or
/// SAQ) that does not fit the entity or level.
pub const PCI_FIT: &str = "TP0221";
/// TP0222 (error): a PCI DSS AoC dated after the retirement of its version.
pub const PCI_VERSION_RETIRED: &str = "TP0222";
/// TP0223 (error): a CSA STAR level trustpage does not know, or a `type` that does not fit it.
pub const STAR_FIT: &str = "TP0223";
/// TP0224 (error): `fedramp_status = "authorized"` without `marketplace_id`.
pub const FEDRAMP_NO_MARKETPLACE_ID: &str = "TP0224";
/// TP0225 (error): a FedRAMP `status` that disagrees with `fedramp_status`.
pub const FEDRAMP_STATUS: &str = "TP0225";
/// TP0226 (error): copy says "no exceptions" or a clean or unqualified opinion, against a SOC
/// report whose `exceptions` or `opinion` says otherwise.
pub const CLAIM_OPINION_CONTRADICTS: &str = "TP0226";
/// TP0227 (warning): copy says "no exceptions" or a clean or unqualified opinion, and no active
/// SOC report states it (`exceptions = "none"`, `opinion = "unqualified"`).
pub const CLAIM_OPINION_UNBACKED: &str = "TP0227";
/// TP0228 (error): copy says "FedRAMP authorized" while trust.toml's FedRAMP entry is not an
/// active authorization.
pub const CLAIM_FEDRAMP_AUTHORIZED: &str = "TP0228";
/// TP0229 (warning): copy says a SOC 2 examination tested or covered a subject (HIPAA, ISO/IEC
/// 27001, CSA CCM...) that no active SOC 2 report lists in `additional_subject_matter`.
pub const CLAIM_SUBJECT_MATTER: &str = "TP0229";
/// TP1001 (error, `trustpage diff`): a revision git does not know.
pub const DIFF_UNKNOWN_REVISION: &str = "TP1001";
/// TP1002 (error, `trustpage diff`): a revision was asked for outside a git repository.
pub const DIFF_NOT_A_REPOSITORY: &str = "TP1002";
/// TP1003 (error, `trustpage diff`): git cannot be run, or failed reading a revision.
pub const DIFF_GIT_FAILED: &str = "TP1003";
/// TP1004 (error, `trustpage diff`): the site's folder has no trustpage.toml at the revision.
pub const DIFF_NO_SITE_AT_REVISION: &str = "TP1004";
/// TP1005 (error, `trustpage diff`): a directory without trustpage.toml.
pub const DIFF_NOT_A_SITE: &str = "TP1005";
/// TP1006 (error, `trustpage diff`): a version whose settings or trust.toml cannot be read.
pub const DIFF_NO_FACTS: &str = "TP1006";
/// TP1007 (error, `trustpage diff --write-updates`): a drafted update was not written.
pub const DIFF_UPDATE_NOT_WRITTEN: &str = "TP1007";
/// Every code, for tools and for the test that each one is documented and reachable.
pub const ALL: &[&str] = &[
    IO,
    TOML_SYNTAX,
    UNKNOWN_KEY,
    WRONG_TYPE,
    MISSING_FIELD,
    INVALID_VALUE,
    URL_SCHEME,
    INVALID_DATE,
    INVALID_ID,
    DUPLICATE_ID,
    LANGUAGE,
    MISSING_FILE,
    LIMIT,
    INVALID_FONT_FAMILY,
    LOGO_NOT_IMAGE,
    REPORT_TYPE,
    TYPE_I_DATES,
    PERIOD,
    REPORT_ISSUED,
    PERIOD_LENGTH,
    PRINCIPLE_SCOPE,
    PRINCIPLE_UNEXPLAINED,
    PRINCIPLE_UNCLAIMED,
    STALE,
    GOING_STALE,
    CERT_EXPIRED,
    CERT_EXPIRING,
    FRAMEWORK_FIELD,
    HORIZON,
    CONTACT,
    DOCUMENT_LEAK,
    DOCUMENT_LINK,
    UNKNOWN_REFERENCE,
    FRONT_MATTER,
    UPDATE_DATE,
    URL_COLLISION,
    MARKDOWN_LINK,
    RAW_HTML,
    SYMLINK,
    INVALID_UTF8,
    MISSING_TRANSLATION,
    FILE_NAME,
    SCHEDULED,
    TEMPLATE,
    BROKEN_LINK,
    THEME,
    EXTERNAL_BROKEN,
    EXTERNAL_UNSURE,
    CLAIM_CERTIFIED,
    CLAIM_HIPAA_CERTIFIED,
    CLAIM_UNSUPPORTED,
    CLAIM_CONTRADICTS,
    CLAIM_NOT_ACTIVE,
    SNIPPET_TOO_LONG,
    CARD_FONT,
    CONTENT_NOT_READ,
    CLAIM_GDPR_CERTIFIED,
    CLAIM_SSAE16,
    SOC_SPELLING,
    CLAIM_AICPA_CERTIFIED,
    CLAIM_ABSOLUTE,
    PLACEHOLDER,
    SOCIAL_ACCOUNT,
    SOCIAL_MENTION,
    POLICY_OVERDUE,
    POLICY_LAPSED,
    FACT_IN_FUTURE,
    POLICY_PAGE,
    FACT_DOCUMENT,
    PENTEST_STALE,
    PENTEST_GOING_STALE,
    EXTRA_CONTACT,
    SUBPROCESSOR_UNANNOUNCED,
    SUBPROCESSOR_NOTICE,
    SUBPROCESSOR_UNTIL,
    SUBPROCESSOR_ANNOUNCED_LATE,
    SUBPROCESSOR_LONG_GONE,
    UNKNOWN_CRITERION,
    UNKNOWN_CONTROL,
    PRINCIPLE_NO_CONTROL,
    CONTROL_UNMAPPED,
    ISO_2013_STALE,
    ISO_2013_ENDING,
    SURVEILLANCE_PAST,
    SURVEILLANCE_OUTSIDE,
    AOC_STALE,
    AOC_GOING_STALE,
    PCI_FIT,
    PCI_VERSION_RETIRED,
    STAR_FIT,
    FEDRAMP_NO_MARKETPLACE_ID,
    FEDRAMP_STATUS,
    CLAIM_OPINION_CONTRADICTS,
    CLAIM_OPINION_UNBACKED,
    CLAIM_FEDRAMP_AUTHORIZED,
    CLAIM_SUBJECT_MATTER,
    DIFF_UNKNOWN_REVISION,
    DIFF_NOT_A_REPOSITORY,
    DIFF_GIT_FAILED,
    DIFF_NO_SITE_AT_REVISION,
    DIFF_NOT_A_SITE,
    DIFF_NO_FACTS,
    DIFF_UPDATE_NOT_WRITTEN,
];
