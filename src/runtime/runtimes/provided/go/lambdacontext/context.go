// Package lambdacontext holds what Lambda tells a Go function about itself and about the
// invocation in progress: package variables for the function (read from the environment at
// start) and a LambdaContext per invocation, carried in the handler's context.Context.
package lambdacontext

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
)

// The function's own settings, the same for every invocation of this execution environment.
var (
	// LogGroupName is the CloudWatch Logs group the function writes to: /aws/lambda/<name>.
	LogGroupName string
	// LogStreamName is this execution environment's log stream.
	LogStreamName string
	// FunctionName is the function's name.
	FunctionName string
	// MemoryLimitInMB is the function's memory size (0 when it cannot be read).
	MemoryLimitInMB int
	// FunctionVersion is the version running: $LATEST or a number.
	FunctionVersion string
)

var maxConcurrency = 1

func init() {
	LogGroupName = os.Getenv("AWS_LAMBDA_LOG_GROUP_NAME")
	LogStreamName = os.Getenv("AWS_LAMBDA_LOG_STREAM_NAME")
	FunctionName = os.Getenv("AWS_LAMBDA_FUNCTION_NAME")
	FunctionVersion = os.Getenv("AWS_LAMBDA_FUNCTION_VERSION")
	if memory, err := strconv.Atoi(os.Getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")); err == nil {
		MemoryLimitInMB = memory
	}
	if n, err := strconv.Atoi(os.Getenv("AWS_LAMBDA_MAX_CONCURRENCY")); err == nil && n > 1 {
		maxConcurrency = n
	}
}

// MaxConcurrency is how many invocations this environment may run at once (1 except on
// Lambda Managed Instances).
func MaxConcurrency() int {
	return maxConcurrency
}

// ClientApplication describes the mobile app that made the call, when there is one.
type ClientApplication struct {
	InstallationID string `json:"installation_id"`
	AppTitle       string `json:"app_title"`
	AppVersionCode string `json:"app_version_code"`
	AppPackageName string `json:"app_package_name"`
}

// ClientContext is the client context a mobile SDK sent with the invocation.
type ClientContext struct {
	Client ClientApplication
	Env    map[string]string `json:"env"`
	Custom map[string]string `json:"custom"`
}

// UnmarshalJSON accepts custom values that are not strings, keeping them as their JSON text.
func (cc *ClientContext) UnmarshalJSON(data []byte) error {
	var raw struct {
		Client ClientApplication          `json:"Client"`
		Env    map[string]string          `json:"env"`
		Custom map[string]json.RawMessage `json:"custom"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	cc.Client, cc.Env, cc.Custom = raw.Client, raw.Env, nil
	if raw.Custom != nil {
		cc.Custom = make(map[string]string, len(raw.Custom))
		for key, value := range raw.Custom {
			var text string
			if json.Unmarshal(value, &text) != nil {
				text = string(value)
			}
			cc.Custom[key] = text
		}
	}
	return nil
}

// CognitoIdentity is the Amazon Cognito identity that made the call, when there is one.
type CognitoIdentity struct {
	CognitoIdentityID     string
	CognitoIdentityPoolID string
}

// LambdaContext is what Lambda says about one invocation.
type LambdaContext struct {
	AwsRequestID       string
	InvokedFunctionArn string
	Identity           CognitoIdentity
	ClientContext      ClientContext
	TenantID           string `json:",omitempty"`
}

type contextKey struct{}

// NewContext returns a copy of parent that carries lc.
func NewContext(parent context.Context, lc *LambdaContext) context.Context {
	return context.WithValue(parent, contextKey{}, lc)
}

// FromContext returns the LambdaContext in ctx, and whether there was one.
func FromContext(ctx context.Context) (*LambdaContext, bool) {
	lc, ok := ctx.Value(contextKey{}).(*LambdaContext)
	return lc, ok
}
