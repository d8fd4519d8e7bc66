package lambda

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// invokeError is the JSON Lambda returns to the caller when an invocation fails.
type invokeError struct {
	Message    string       `json:"errorMessage"`
	Type       string       `json:"errorType"`
	StackTrace []stackFrame `json:"stackTrace,omitempty"`
	// exit: the process must end once the error is reported (after a panic its state is unknown).
	exit bool
}

type stackFrame struct {
	Path  string `json:"path"`
	Line  int32  `json:"line"`
	Label string `json:"label"`
}

// typeName is the Go type's bare name, without package or pointer: errors.New gives
// *errors.errorString, reported as "errorString".
func typeName(value interface{}) string {
	t := reflect.TypeOf(value)
	if t == nil {
		return ""
	}
	if t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	return t.Name()
}

func errorFrom(err error) *invokeError {
	return &invokeError{Message: err.Error(), Type: typeName(err)}
}

// panicError describes a recovered panic, with the stack where it happened. Call it from the
// deferred function that recovered: the frames above the panic are left out.
func panicError(value interface{}) *invokeError {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs) // runtime.Callers, panicError, the deferred function
	frames := runtime.CallersFrames(pcs[:n])
	stack := []stackFrame{}
	for {
		frame, more := frames.Next()
		stack = append(stack, shortFrame(frame))
		if !more {
			break
		}
	}
	return &invokeError{Message: fmt.Sprintf("%v", value), Type: typeName(value), StackTrace: stack, exit: true}
}

// shortFrame keeps the package path and file of a frame ("main/main.go", "runtime/panic.go")
// and the function's name within its package ("handler", "(*Shop).Order").
func shortFrame(frame runtime.Frame) stackFrame {
	label := frame.Function
	// As many trailing path elements as the function's package path has, plus the file.
	keep := strings.Count(label, "/") + 2
	path := frame.File
	cut := len(path)
	for i := 0; i < keep && cut >= 0; i++ {
		cut = strings.LastIndex(path[:cut], "/")
	}
	if cut >= 0 {
		path = path[cut+1:]
	}
	label = label[strings.LastIndex(label, "/")+1:]
	label = label[strings.Index(label, ".")+1:]
	return stackFrame{Path: path, Line: int32(frame.Line), Label: label}
}

func (e *invokeError) json() []byte {
	body, err := json.Marshal(e)
	if err != nil {
		body, _ = json.Marshal(&invokeError{Message: err.Error(), Type: "Runtime.SerializationError"})
	}
	return body
}
