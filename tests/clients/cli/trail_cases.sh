#!/usr/bin/env bash
# CloudTrail LookupEvents cases for a running SecureQueue gateway, driven by a real AWS CLI (`aws cloudtrail
# lookup-events --endpoint-url …`): AWS CLI v1 and Debian's AWS CLI v2, both AWS JSON 1.1.
#
#   trail_cases.sh <aws-binary> <case-name>    run one case: exit 0 on success, 1 with the reason on failure
#   trail_cases.sh <aws-binary> --list         print the case names, one a line
#
# Environment: as cli_cases.sh. auditor_… cases run as the trail auditor, sender_… as the send-only identity; the
# admin's keys (SECQ_ADMIN_…) make the SQS activity looked up. JSON is read with jq.
set -euo pipefail

CASES=(auditor_lookup_by_attributes auditor_paging auditor_errors sender_is_denied)

# shellcheck source=tests/clients/cli/case_args.sh
source "$(dirname "${BASH_SOURCE[0]}")/case_args.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VERSION=$("$AWS" --version 2>&1)

trap 'exit 1' USR1
fail() {
    echo "FAIL $CASE ($VERSION): $*" >&2
    [[ $BASHPID -eq $$ ]] || kill -USR1 $$
    exit 1
}

# `aws cloudtrail lookup-events …` as the case's identity; prints its JSON output.
lookup() {
    local output
    if ! output=$("$AWS" cloudtrail lookup-events "$@" --endpoint-url "$SECQ_ENDPOINT" --output json 2>"$WORK/stderr"); then
        fail "aws cloudtrail lookup-events $* failed: $(cat "$WORK/stderr")"
    fi
    printf '%s\n' "$output"
}

# Runs the lookup expecting a service error; checks that its code is named in the CLI's message.
lookup_fails() {
    local code=$1
    shift
    if "$AWS" cloudtrail lookup-events "$@" --endpoint-url "$SECQ_ENDPOINT" --output json >"$WORK/out" 2>"$WORK/stderr"; then
        fail "lookup-events $* succeeded, expected $code"
    fi
    grep -q "($code)" "$WORK/stderr" || fail "lookup-events $*: expected $code, got: $(cat "$WORK/stderr")"
}

# A queue made by the admin with one send and a GetQueueUrl; prints its ARN.
queue_with_activity() {
    local name url
    name="cli-trail-$(python3 -c 'import uuid; print(uuid.uuid4().hex[:12])')"
    url=$(AWS_ACCESS_KEY_ID=$SECQ_ADMIN_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$SECQ_ADMIN_SECRET_ACCESS_KEY \
        "$AWS" sqs create-queue --queue-name "$name" --endpoint-url "$SECQ_ENDPOINT" --output text --query QueueUrl) || fail "create-queue failed"
    AWS_ACCESS_KEY_ID=$SECQ_ADMIN_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$SECQ_ADMIN_SECRET_ACCESS_KEY \
        "$AWS" sqs send-message --queue-url "$url" --message-body hello --endpoint-url "$SECQ_ENDPOINT" >/dev/null || fail "send-message failed"
    AWS_ACCESS_KEY_ID=$SECQ_ADMIN_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$SECQ_ADMIN_SECRET_ACCESS_KEY \
        "$AWS" sqs get-queue-url --queue-name "$name" --endpoint-url "$SECQ_ENDPOINT" >/dev/null || fail "get-queue-url failed"
    echo "arn:aws:sqs:us-east-1:000000000000:$name"
}

expect() {
    [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'"
}

auditor_lookup_by_attributes() {
    local arn events newest
    arn=$(queue_with_activity)
    events=$(lookup --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$arn")
    expect "$(jq -c '[.Events[].EventName]' <<<"$events")" '["GetQueueUrl","SendMessage","CreateQueue"]' "the queue's events"
    newest=$(jq -r '.Events[0].EventId' <<<"$events")
    # CloudTrailEvent is a JSON string, so the usual jq pipeline over it works.
    expect "$(jq -r '.Events[0].CloudTrailEvent | fromjson | .eventID' <<<"$events")" "$newest" "eventID inside CloudTrailEvent"
    expect "$(jq -r '.Events[1].CloudTrailEvent | fromjson | .requestParameters.messageBody' <<<"$events")" HIDDEN_DUE_TO_SECURITY_REASONS "messageBody"
    local pair key value found
    for pair in "EventId=$newest" "EventName=GetQueueUrl" "ReadOnly=true" "Username=admin" "ResourceType=AWS::SQS::Queue" \
        "ResourceName=$arn" "EventSource=sqs.amazonaws.com" "AccessKeyId=$SECQ_ADMIN_ACCESS_KEY_ID"; do
        key=${pair%%=*}
        value=${pair#*=}
        found=$(lookup --lookup-attributes "AttributeKey=$key,AttributeValue=$value" --max-items 50)
        expect "$(jq --arg id "$newest" '[.Events[] | select(.EventId == $id)] | length' <<<"$found")" 1 "$key=$value finds the newest event"
    done
    expect "$(lookup --lookup-attributes "AttributeKey=Username,AttributeValue=admin" --max-items 50 | jq '[.Events[] | select(.Username != "admin")] | length')" 0 \
        "events of other users in Username=admin"
}

auditor_paging() {
    local arn all first rest token
    arn=$(queue_with_activity)
    # Page by page (MaxResults=1), following NextToken: the CLI paginates on its own.
    all=$(lookup --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$arn" --page-size 1)
    expect "$(jq '.Events | length' <<<"$all")" 3 "events over pages of one"
    first=$(lookup --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$arn" --page-size 1 --max-items 2)
    expect "$(jq -c '[.Events[].EventId]' <<<"$first")" "$(jq -c '[.Events[:2][].EventId]' <<<"$all")" "the first two items"
    token=$(jq -r '.NextToken' <<<"$first")
    [[ $token != null ]] || fail "no NextToken after two of three items"
    rest=$(lookup --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$arn" --page-size 1 --starting-token "$token")
    expect "$(jq -c '[.Events[].EventId]' <<<"$rest")" "$(jq -c '[.Events[2:][].EventId]' <<<"$all")" "the items after the token"
    expect "$(lookup --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$arn" --end-time 2000-01-01T00:00:00Z | jq '.Events | length')" 0 \
        "events before 2000"
}

auditor_errors() {
    lookup_fails InvalidLookupAttributesException --lookup-attributes AttributeKey=EventName,AttributeValue=a AttributeKey=Username,AttributeValue=b
    lookup_fails InvalidTimeRangeException --start-time 2026-01-02T00:00:00Z --end-time 2026-01-01T00:00:00Z
    lookup_fails InvalidMaxResultsException --max-results 51 --no-paginate
    lookup_fails InvalidNextTokenException --max-results 5 --next-token bogus --no-paginate
    lookup_fails InvalidEventCategoryException --event-category management
    lookup_fails OperationNotPermittedException --event-category insight
}

sender_is_denied() {
    lookup_fails AccessDeniedException
}

"$CASE"
echo "ok $CASE ($VERSION)"
