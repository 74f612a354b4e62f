// CloudTrail LookupEvents cases for a running SecureQueue gateway, driven by @aws-sdk/client-cloudtrail (AWS JSON 1.1).
//
//   node trail_cases.mjs <case-name>   run one case: exit 0 on success, 1 with the reason on failure
//   node trail_cases.mjs --list        print the case names, one a line
//
// Environment: as sqs_cases.mjs. auditor_… cases run as the trail auditor, sender_… as the send-only identity; the
// admin's keys (SECQ_ADMIN_…) make the SQS activity looked up.

import { randomUUID } from "node:crypto";
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import { SQSClient, CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { CaseFailed, check, eq, pick } from "./case_args.mjs";

const REGION = "us-east-1";
const ENDPOINT = (process.env.SECQ_ENDPOINT ?? "").replace(/\/$/, "");


function trail() {
  return new CloudTrailClient({ region: REGION, endpoint: ENDPOINT, maxAttempts: 1 });
}

async function queueWithActivity() {
  const credentials = { accessKeyId: process.env.SECQ_ADMIN_ACCESS_KEY_ID, secretAccessKey: process.env.SECQ_ADMIN_SECRET_ACCESS_KEY };
  const sqs = new SQSClient({ region: REGION, endpoint: ENDPOINT, maxAttempts: 1, credentials });
  const name = `js-trail-${randomUUID().slice(0, 12)}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "hello" }));
  await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return `arn:aws:sqs:${REGION}:000000000000:${name}`;
}

const by = (key, value, extra = {}) => ({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], ...extra });

async function expectError(promise, name) {
  try {
    await promise;
  } catch (error) {
    eq(error.name, name, "error name");
    eq(error.$metadata?.httpStatusCode, 400, `HTTP status of ${name}`);
    check(error.$metadata?.requestId, `${name} without a request id`);
    return error;
  }
  throw new CaseFailed(`succeeded, expected ${name}`);
}

const cases = {
  async auditor_lookup_by_every_attribute(ct) {
    const arn = await queueWithActivity();
    const { Events } = await ct.send(new LookupEventsCommand(by("ResourceName", arn)));
    eq(Events.map((e) => e.EventName), ["GetQueueUrl", "SendMessage", "CreateQueue"], "the queue's events");
    const newest = Events[0];
    check(newest.EventTime instanceof Date, "EventTime parses as a Date");
    eq(JSON.parse(newest.CloudTrailEvent).eventID, newest.EventId, "eventID inside CloudTrailEvent");
    const values = {
      EventId: newest.EventId, EventName: "GetQueueUrl", ReadOnly: "true", Username: "admin", ResourceType: "AWS::SQS::Queue",
      ResourceName: arn, EventSource: "sqs.amazonaws.com", AccessKeyId: process.env.SECQ_ADMIN_ACCESS_KEY_ID,
    };
    for (const [key, value] of Object.entries(values)) {
      const found = (await ct.send(new LookupEventsCommand(by(key, value)))).Events;
      check(found.some((e) => e.EventId === newest.EventId), `${key}=${value} did not find the newest event`);
      const field = (e) => (key.startsWith("Resource") ? e.Resources?.[0]?.[key] : e[key]);
      check(found.every((e) => field(e) === value), `${key}=${value} returned an event with another ${key}`);
    }
  },

  async auditor_paginates(ct) {
    const arn = await queueWithActivity();
    const ids = [];
    let pages = 0;
    for await (const page of paginateLookupEvents({ client: ct, pageSize: 1 }, by("ResourceName", arn))) {
      pages += 1;
      ids.push(...page.Events.map((e) => e.EventId));
    }
    eq(pages, 3, "pages of one event");
    eq(new Set(ids).size, 3, "distinct events");
    const whole = (await ct.send(new LookupEventsCommand(by("ResourceName", arn)))).Events.map((e) => e.EventId);
    eq(ids, whole, "the paginator's events, newest first");
  },

  async auditor_errors(ct) {
    await expectError(ct.send(new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "a" }, { AttributeKey: "Username", AttributeValue: "b" }],
    })), "InvalidLookupAttributesException");
    await expectError(ct.send(new LookupEventsCommand({ StartTime: new Date("2026-01-02"), EndTime: new Date("2026-01-01") })), "InvalidTimeRangeException");
    await expectError(ct.send(new LookupEventsCommand({ MaxResults: 51 })), "InvalidMaxResultsException");
    const { NextToken } = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    await expectError(ct.send(new LookupEventsCommand({ MaxResults: 2, NextToken })), "InvalidNextTokenException");
    await expectError(ct.send(new LookupEventsCommand({ EventCategory: "management" })), "InvalidEventCategoryException");
    await expectError(ct.send(new LookupEventsCommand({ EventCategory: "insight" })), "OperationNotPermittedException");
  },

  async sender_is_denied(ct) {
    const error = await expectError(ct.send(new LookupEventsCommand({})), "AccessDeniedException");
    check(error.message.includes("cloudtrail:LookupEvents"), "the message names the action");
  },
};

async function main(argv) {
  const run = pick(argv, cases, "trail_cases.mjs");
  if (typeof run === "number") {
    return run;
  }
  try {
    await run(trail());
  } catch (error) {
    const detail = error instanceof CaseFailed ? error.message
      : `unexpected ${error.name}: ${error.message} (HTTP ${error.$metadata?.httpStatusCode})\n${error.stack}`;
    console.error(`FAIL ${argv[0]} (@aws-sdk/client-cloudtrail): ${detail}`);
    return 1;
  }
  console.log(`ok ${argv[0]} (@aws-sdk/client-cloudtrail)`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
