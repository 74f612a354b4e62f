// Closed-loop load with the AWS SDK for JavaScript v3: `concurrency` callers issue calls back to back for
// `seconds`, against any SQS endpoint (the gateway or fauxqs). Prints one JSON line with the result.
//   node sdk_load.mjs <endpoint> <send|batch|cycle|visibility|drain> <seconds> <concurrency> <queue-name>
// Credentials and region come from the usual AWS_* variables; a private CA from NODE_EXTRA_CA_CERTS.
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand, ReceiveMessageCommand,
  SendMessageBatchCommand, SendMessageCommand, SQSClient,
} from "@aws-sdk/client-sqs";

const [endpoint, mode, seconds, concurrency, queueName] = process.argv.slice(2);
// Time spent in each kind of call, so a slow mix can be traced to the call that makes it slow.
const latency = {};
async function timed(name, call) {
  const started = process.hrtime.bigint();
  try {
    return await call;
  } finally {
    const entry = (latency[name] ??= { calls: 0, ms: 0 });
    entry.calls++;
    entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
  }
}
const client = new SQSClient({ endpoint, maxAttempts: 1 });
const body = "m".repeat(1024);
const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: queueName }));

const steps = {
  async send() {
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    return 1;
  },
  async batch() {
    const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: body }));
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
    if (result.Failed?.length) throw new Error(`batch entries failed: ${result.Failed[0].Code}`);
    return 10;
  },
  async cycle() {
    await timed("send", client.send(new SendMessageCommand({ QueueUrl, MessageBody: body })));
    const { Messages = [] } = await timed("receive", client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 })));
    if (Messages.length === 0) latency.emptyReceives = (latency.emptyReceives ?? 0) + 1;
    for (const m of Messages) {
      await timed("delete", client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle })));
    }
    return 1;
  },
  // A consumer that extends its message's visibility timeout once while it works (a heartbeat), then deletes it.
  async visibility() {
    await timed("send", client.send(new SendMessageCommand({ QueueUrl, MessageBody: body })));
    const { Messages = [] } = await timed("receive", client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 })));
    if (Messages.length === 0) latency.emptyReceives = (latency.emptyReceives ?? 0) + 1;
    for (const m of Messages) {
      await timed("changeVisibility", client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 60 })));
      await timed("delete", client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle })));
    }
    return 1;
  },
  async drain() {
    const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return 0;
    const Entries = Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle }));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl, Entries }));
    return Messages.length;
  },
};

const step = steps[mode];
if (!step) throw new Error(`unknown mode ${mode}`);
let units = 0;
let calls = 0;
let errors = 0;
let empty = false;
const deadline = Date.now() + Number(seconds) * 1000;
const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (Date.now() < deadline && !empty) {
    try {
      const done = await step();
      if (mode === "drain" && done === 0) empty = true;
      units += done;
      calls++;
    } catch {
      errors++;
    }
  }
}));
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const meanMs = Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, typeof v === "number" ? v : +(v.ms / v.calls).toFixed(2)]));
console.log(JSON.stringify({ mode, units, calls, errors, seconds: elapsed, rate: units / elapsed, meanMs }));
