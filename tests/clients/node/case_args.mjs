// The command line every case script shares: `<script> <case-name> | --list`.

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
