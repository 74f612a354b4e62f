// What every case script shares: its command line, `<script> <case-name> | --list`, and its assertions.

/** A case's assertion failed: the script reports the message and exits 1. */
export class CaseFailed extends Error {}

export function check(condition, message) {
  if (!condition) throw new CaseFailed(message);
}

// JSON with object keys sorted, so that equal maps compare equal whatever their order.
function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

export function eq(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new CaseFailed(`${what}: expected ${e}, got ${a}`);
}

/** The case function argv names, or the exit code to return (after --list printed the names, or a usage error). */
export function pick(argv, cases, script) {
  if (argv.length !== 1) {
    console.error(`usage: ${script} <case-name> | --list`);
    return 2;
  }
  if (argv[0] === "--list") {
    console.log(Object.keys(cases).join("\n"));
    return 0;
  }
  const run = cases[argv[0]];
  if (!run) {
    console.error(`unknown case '${argv[0]}'; --list shows the cases`);
    return 2;
  }
  return run;
}
