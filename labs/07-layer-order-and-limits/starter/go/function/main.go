package main

// Lab 7: layer order and limits.
// Every dojo-* command here comes from a layer that function.json lists, in its bin folder,
// which lands in /opt/bin (on PATH). Lambda extracts the layers into /opt one after another,
// in the order listed: where two layers hold the same file, the function sees the copy from
// the layer extracted last.

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
)

var helperNames = []string{"currency", "text", "slug", "time", "ids"}

type Event struct {
	Cents    int64  `json:"cents"`
	Currency string `json:"currency"`
}

type Response struct {
	Price         string            `json:"price"`
	FormatVersion string            `json:"formatVersion"`
	Helpers       map[string]string `json:"helpers"`
}

// run runs a command found on PATH and returns what it printed.
func run(command string, args ...string) (string, error) {
	out, err := exec.Command(command, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s failed: %w", command, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

func handler(event Event) (Response, error) {
	currency := event.Currency
	if currency == "" {
		currency = "EUR"
	}
	price, err := run("dojo-format", "money", strconv.FormatInt(event.Cents, 10), currency)
	if err != nil {
		return Response{}, err
	}
	version, err := run("dojo-format", "--version")
	if err != nil {
		return Response{}, err
	}
	helpers := map[string]string{}
	for _, name := range helperNames {
		if helpers[name], err = run("dojo-"+name, "--version"); err != nil {
			return Response{}, err
		}
	}
	fmt.Printf("Formatted %s with dojo-format %s; helpers %v\n", price, version, helpers)
	return Response{Price: price, FormatVersion: version, Helpers: helpers}, nil
}

func main() {
	lambda.Start(handler)
}
