# The function this custom runtime runs: a shell function, loaded by bootstrap during init.
# The handler setting "function.handler" names it: this file (function.sh), then the shell
# function (handler). That meaning is the runtime's own choice: it is bootstrap that reads it.
#
# bootstrap calls it as:  handler EVENT REQUEST_ID
#   EVENT       the event, as JSON text
#   REQUEST_ID  this invocation's request id
# Success: it prints the response (JSON) on standard output and returns 0.
# Failure: it prints an error message on standard output and returns another status.
# Its log lines go to standard error, which Lambda collects between START and END.

handler() {
  event=$1
  request_id=$2
  case $event in
    *'"fail":true'* | *'"fail": true'*)
      echo "Failing on purpose: the event asked for it"
      return 1
      ;;
  esac
  # No jq here: a name without quotes or backslashes is all this function understands.
  name=$(printf '%s' "$event" | sed -n 's/.*"name"[[:space:]]*:[[:space:]]*"\([^"\\]*\)".*/\1/p')
  [ -n "$name" ] || name=world
  echo "Greeting $name in request $request_id" >&2
  printf '{"message": "Hello, %s!", "requestId": "%s"}\n' "$name" "$request_id"
}
