# The command line every case script shares: `<script> <aws-binary> <case-name> | --list`. Sourced after CASES is
# set; sets AWS and CASE, or exits (0 after --list printed the names, 2 on a usage error).
if [[ $# -ne 2 ]]; then
    echo "usage: $(basename "$0") <aws-binary> <case-name> | --list" >&2
    exit 2
fi
AWS=$1
CASE=$2
if [[ $CASE == --list ]]; then
    printf '%s\n' "${CASES[@]}"
    exit 0
fi
[[ " ${CASES[*]} " == *" $CASE "* ]] || { echo "unknown case '$CASE'; --list shows the cases" >&2; exit 2; }
