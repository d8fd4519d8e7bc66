// Package lambda runs a Go handler on Lambda: Start asks the Runtime API for each event, calls
// the handler and posts its result or error. Lambda Dojo's stand-in for aws-lambda-go's package
// of the same name, with the same handler rules and error shapes.
package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Start runs handler for every invocation and never returns. handler is a function of one of
// these shapes, where TIn and TOut are types encoding/json can read and write:
//
//	func()
//	func() error
//	func(TIn) error
//	func() (TOut, error)
//	func(TIn) (TOut, error)
//	func(context.Context) error
//	func(context.Context, TIn) error
//	func(context.Context) (TOut, error)
//	func(context.Context, TIn) (TOut, error)
//
// The event is decoded into TIn; TOut is encoded as the response; a non-nil error fails the
// invocation with {"errorMessage": err.Error(), "errorType": <its Go type name>}. The context
// carries the deadline (ctx.Deadline) and the LambdaContext (lambdacontext.FromContext).
func Start(handler interface{}) {
	StartWithOptions(handler)
}

// StartWithOptions is Start with options such as WithContext.
func StartWithOptions(handler interface{}, opts ...Option) {
	o := &options{base: context.Background()}
	for _, opt := range opts {
		opt(o)
	}
	start(adapt(handler), o)
}

// StartWithContext is Start with a base context for every invocation.
func StartWithContext(ctx context.Context, handler interface{}) {
	StartWithOptions(handler, WithContext(ctx))
}

// StartHandler runs a Handler that deals with raw JSON itself.
func StartHandler(handler Handler) {
	StartWithOptions(handler)
}

func start(handler invokeFunc, o *options) {
	address := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	if address == "" {
		log.Fatalf("expected AWS Lambda environment variables [AWS_LAMBDA_RUNTIME_API] are not defined")
	}
	api := &runtimeAPI{address: address}
	for {
		if err := invokeOnce(api, handler, o.base); err != nil {
			// The process ends; Lambda reports Runtime.ExitError and starts a new environment next time.
			log.Fatalf("%v", err)
		}
	}
}

// invokeOnce waits for the next event, runs the handler on it and posts the outcome. An error
// means the process must end.
func invokeOnce(api *runtimeAPI, handler invokeFunc, base context.Context) error {
	next, err := api.call("GET", "invocation/next", map[string]string{}, nil)
	if err != nil {
		return fmt.Errorf("failed to get the next invoke: %v", err)
	}
	if next.status != 200 {
		return fmt.Errorf("failed to GET invocation/next: got unexpected status code: %d", next.status)
	}
	h := next.headers
	id := h["lambda-runtime-aws-request-id"]
	reply := "invocation/" + id

	deadlineMs, err := strconv.ParseInt(h["lambda-runtime-deadline-ms"], 10, 64)
	if err != nil {
		return report(api, reply, errorFrom(fmt.Errorf("failed to parse deadline: %v", err)))
	}
	ctx, cancel := context.WithDeadline(base, time.UnixMilli(deadlineMs))
	defer cancel()

	lc := &lambdacontext.LambdaContext{
		AwsRequestID:       id,
		InvokedFunctionArn: h["lambda-runtime-invoked-function-arn"],
		TenantID:           h["lambda-runtime-aws-tenant-id"],
	}
	if text := h["lambda-runtime-client-context"]; text != "" {
		if err := json.Unmarshal([]byte(text), &lc.ClientContext); err != nil {
			return report(api, reply, errorFrom(fmt.Errorf("failed to unmarshal client context json: %v", err)))
		}
	}
	if text := h["lambda-runtime-cognito-identity"]; text != "" {
		if err := json.Unmarshal([]byte(text), &lc.Identity); err != nil {
			return report(api, reply, errorFrom(fmt.Errorf("failed to unmarshal cognito identity json: %v", err)))
		}
	}
	ctx = lambdacontext.NewContext(ctx, lc)
	traceID := h["lambda-runtime-trace-id"]
	if lambdacontext.MaxConcurrency() == 1 {
		os.Setenv("_X_AMZN_TRACE_ID", traceID)
	}
	ctx = context.WithValue(ctx, "x-amzn-trace-id", traceID) //nolint:staticcheck // the key aws-lambda-go uses

	response, failure := call(ctx, handler, next.body)
	if failure != nil {
		if err := report(api, reply, failure); err != nil {
			return err
		}
		if failure.exit {
			return fmt.Errorf("calling the handler function resulted in a panic, the process should exit")
		}
		return nil
	}
	// Go writes stdout and stderr unbuffered: the logs are out before the response.
	return api.post(reply+"/response", "application/json", "", response)
}

// call runs the handler, turning a returned error or a panic into the error Lambda reports.
func call(ctx context.Context, handler invokeFunc, payload []byte) (response []byte, failure *invokeError) {
	defer func() {
		if value := recover(); value != nil {
			failure = panicError(value)
		}
	}()
	response, err := handler(ctx, payload)
	if err != nil {
		return nil, errorFrom(err)
	}
	return response, nil
}

// report logs the error (aws-lambda-go logs its JSON through the log package) and posts it.
func report(api *runtimeAPI, reply string, failure *invokeError) error {
	body := failure.json()
	log.Printf("%s", body)
	return api.post(reply+"/error", "application/json", failure.Type, body)
}
