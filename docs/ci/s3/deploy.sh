#!/usr/bin/env bash
# Publishes a trust center to an S3 bucket served through CloudFront, with the caching and
# security headers that `_headers` gives Netlify and Cloudflare Pages:
#   SITE=. BUCKET=trust-example DISTRIBUTION=E123ABC POLICY_ID=abcd-... ./deploy.sh
# Needs the AWS CLI (v2) with credentials, python3, and trustpage on PATH. POLICY_ID is the
# response headers policy attached to the distribution's default behaviour (create it once with
# `aws cloudfront create-response-headers-policy --response-headers-policy-config
# file://policy.json`, policy.json from cloudfront-headers.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${SITE:=.}" "${BUCKET:?set BUCKET}" "${DISTRIBUTION:?set DISTRIBUTION}" "${POLICY_ID:?set POLICY_ID}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# A stale or false claim stops here, before anything is uploaded.
trustpage build "$SITE" --output-dir "$out/site"

# Every file first with a short cache life (pages change when facts do), then the files whose
# names carry their content's hash again, cached for a year, as _headers lists them.
aws s3 sync "$out/site" "s3://$BUCKET" --delete --exclude _headers \
  --cache-control "public, max-age=300"
current=""
while IFS= read -r line; do
  case "$line" in
    '' | '#'*) ;;
    [[:space:]]*)
      if [[ -n "$current" && "$line" =~ ^[[:space:]]+Cache-Control:[[:space:]]*(.*)$ ]]; then
        aws s3 cp "$out/site$current" "s3://$BUCKET$current" --cache-control "${BASH_REMATCH[1]}"
      fi
      ;;
    *)
      # Wildcard rules (/*) are site-wide headers, not single files.
      current="${line%%[[:space:]]*}"
      [[ "$current" == *'*'* ]] && current=""
      ;;
  esac
done < "$out/site/_headers"

# The security headers, renewed (the CSP carries the hashes of the theme's scripts).
python3 "$here/cloudfront-headers.py" "$out/site/_headers" trustpage-headers > "$out/policy.json"
etag="$(aws cloudfront get-response-headers-policy --id "$POLICY_ID" --query ETag --output text)"
aws cloudfront update-response-headers-policy --id "$POLICY_ID" --if-match "$etag" \
  --response-headers-policy-config "file://$out/policy.json" > /dev/null
aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths '/*' > /dev/null
echo "published to s3://$BUCKET through $DISTRIBUTION"
