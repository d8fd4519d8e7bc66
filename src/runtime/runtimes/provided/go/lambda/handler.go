package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// Handler is a function already taking raw JSON in and giving raw JSON out.
type Handler interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Option changes how a handler is run.
type Option func(*options)

type options struct {
	base context.Context
}

// WithContext sets the context every invocation's context derives from.
func WithContext(ctx context.Context) Option {
	return func(o *options) { o.base = ctx }
}

// invokeFunc is every kind of handler reduced to one shape.
type invokeFunc func(ctx context.Context, payload []byte) ([]byte, error)

func (f invokeFunc) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return f(ctx, payload)
}

// NewHandler adapts a handler function (see Start for the shapes allowed) to Handler. A
// function of another shape gives a Handler that fails every invocation with the reason.
func NewHandler(handler interface{}) Handler {
	return adapt(handler)
}

var (
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
)

func failing(err error) invokeFunc {
	return func(context.Context, []byte) ([]byte, error) { return nil, err }
}

func isContext(t reflect.Type) bool {
	return t.Kind() == reflect.Interface && contextType.Implements(t) && t.Implements(contextType)
}

// check tells whether the function's first argument is a context, or why the shape is refused
// (in aws-lambda-go's words, which a learner may search for).
func check(fn reflect.Type) (takesContext bool, err error) {
	switch fn.NumIn() {
	case 0:
	case 1:
		in := fn.In(0)
		// A single interface argument is the context, unless it is the empty interface (any event).
		if in.Kind() == reflect.Interface && in.NumMethod() > 0 {
			if !isContext(in) {
				return false, fmt.Errorf("handler takes an interface, but it is not context.Context: %q", in.Name())
			}
			takesContext = true
		}
	case 2:
		if !isContext(fn.In(0)) {
			return false, fmt.Errorf("handler takes two arguments, but the first is not Context. got %s", fn.In(0).Kind())
		}
		takesContext = true
	default:
		return false, fmt.Errorf("handlers may not take more than two arguments, but handler takes %d", fn.NumIn())
	}
	switch n := fn.NumOut(); {
	case n > 2:
		return false, errors.New("handler may not return more than two values")
	case n == 2 && !fn.Out(1).Implements(errorType):
		return false, errors.New("handler returns two values, but the second does not implement error")
	case n == 1 && !fn.Out(0).Implements(errorType):
		return false, errors.New("handler returns a single value, but it does not implement error")
	}
	return takesContext, nil
}

func adapt(handler interface{}) invokeFunc {
	if handler == nil {
		return failing(errors.New("handler is nil"))
	}
	if h, ok := handler.(Handler); ok {
		return h.Invoke
	}
	fn := reflect.ValueOf(handler)
	fnType := fn.Type()
	if fnType.Kind() != reflect.Func {
		return failing(fmt.Errorf("handler kind %s is not %s", fnType.Kind(), reflect.Func))
	}
	takesContext, err := check(fnType)
	if err != nil {
		return failing(err)
	}
	takesEvent := fnType.NumIn() == 2 || (fnType.NumIn() == 1 && !takesContext)

	return func(ctx context.Context, payload []byte) ([]byte, error) {
		args := make([]reflect.Value, 0, 2)
		if takesContext {
			args = append(args, reflect.ValueOf(ctx))
		}
		if takesEvent {
			event := reflect.New(fnType.In(fnType.NumIn() - 1))
			if err := json.NewDecoder(bytes.NewReader(payload)).Decode(event.Interface()); err != nil {
				return nil, err
			}
			args = append(args, event.Elem())
		}
		results := fn.Call(args)
		if n := len(results); n > 0 {
			if err, _ := results[n-1].Interface().(error); err != nil {
				return nil, err
			}
		}
		var value interface{}
		if len(results) == 2 {
			value = results[0].Interface()
		}
		return encode(value)
	}
}

// encode writes the handler's result as JSON: no HTML escaping and no trailing newline, as
// aws-lambda-go does. A result that is an io.Reader (and not a JSON object) is sent as it is.
func encode(value interface{}) ([]byte, error) {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	reader, isReader := value.(io.Reader)
	if err := encoder.Encode(value); err != nil {
		if isReader {
			return io.ReadAll(reader)
		}
		return nil, err
	}
	if isReader && bytes.HasPrefix(out.Bytes(), []byte("{}")) {
		return io.ReadAll(reader)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}
