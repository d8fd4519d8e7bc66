package main

// Lab 6: share code through a layer.
// The team formats prices with dojo-format, a command shared through a layer so that every
// function, whatever its language, formats the same way. A layer's bin folder lands in
// /opt/bin, which is on PATH, so the function runs the command by its name.

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
)

const formatCommand = "dojo-format"

type Event struct {
	Cents    int64  `json:"cents"`
	Currency string `json:"currency"`
}

type Response struct {
	Price         string `json:"price"`
	FormatVersion string `json:"formatVersion"`
	FormatPath    string `json:"formatPath"`
}

// run runs dojo-format with the given arguments and returns what it printed.
func run(args ...string) (string, error) {
	out, err := exec.Command(formatCommand, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s failed: %w", formatCommand, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

func handler(event Event) (Response, error) {
	currency := event.Currency
	if currency == "" {
		currency = "EUR"
	}
	// The same search the system makes for a command: the first folder on PATH that has it.
	path, err := exec.LookPath(formatCommand)
	if err != nil {
		return Response{}, err
	}
	path, _ = filepath.Abs(path)
	version, err := run("--version")
	if err != nil {
		return Response{}, err
	}
	price, err := run("money", strconv.FormatInt(event.Cents, 10), currency)
	if err != nil {
		return Response{}, err
	}
	fmt.Printf("Formatted %s with dojo-format %s from %s\n", price, version, path)
	return Response{Price: price, FormatVersion: version, FormatPath: path}, nil
}

func main() {
	lambda.Start(handler)
}
