package lambda

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
)

// runtimeAPI speaks HTTP/1.1 to the Lambda Runtime API over one kept-alive connection. It is
// this small on purpose: net/http would double the binary that every cold start copies and loads.
type runtimeAPI struct {
	address string
	conn    net.Conn
	reader  *bufio.Reader
}

type apiResponse struct {
	status  int
	headers map[string]string // lower-case names
	body    []byte
}

const apiPrefix = "/2018-06-01/runtime/"

var errStale = errors.New("the Runtime API closed the connection")

func (c *runtimeAPI) close() {
	if c.conn != nil {
		c.conn.Close()
	}
	c.conn, c.reader = nil, nil
}

// call sends one request; a kept-alive connection the server closed meanwhile is replaced once.
func (c *runtimeAPI) call(method, path string, headers map[string]string, body []byte) (*apiResponse, error) {
	for attempt := 0; ; attempt++ {
		fresh := c.conn == nil
		if fresh {
			conn, err := net.Dial("tcp", c.address)
			if err != nil {
				return nil, err
			}
			c.conn, c.reader = conn, bufio.NewReaderSize(conn, 64*1024)
		}
		response, err := c.roundTrip(method, path, headers, body)
		if err == nil {
			return response, nil
		}
		c.close()
		if !errors.Is(err, errStale) || fresh || attempt > 0 {
			return nil, err
		}
	}
}

func (c *runtimeAPI) roundTrip(method, path string, headers map[string]string, body []byte) (*apiResponse, error) {
	var head strings.Builder
	fmt.Fprintf(&head, "%s %s%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: aws-lambda-go (lambda-dojo)\r\n", method, apiPrefix, path, c.address)
	for name, value := range headers {
		// One header is one line, whatever an error type holds.
		value = strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
		fmt.Fprintf(&head, "%s: %s\r\n", name, value)
	}
	if body != nil {
		fmt.Fprintf(&head, "Content-Length: %d\r\n", len(body))
	}
	head.WriteString("\r\n")
	message := []byte(head.String())
	if len(body) < 64*1024 {
		message = append(message, body...)
		body = nil
	}
	if _, err := c.conn.Write(message); err != nil {
		return nil, errStale
	}
	if len(body) > 0 {
		if _, err := c.conn.Write(body); err != nil {
			return nil, errStale
		}
	}
	return c.readResponse()
}

func (c *runtimeAPI) readResponse() (*apiResponse, error) {
	statusLine, err := c.reader.ReadString('\n')
	if err != nil {
		if statusLine == "" {
			return nil, errStale
		}
		return nil, err
	}
	fields := strings.Fields(statusLine)
	if len(fields) < 2 {
		return nil, fmt.Errorf("the Runtime API answered %q", statusLine)
	}
	status, err := strconv.Atoi(fields[1])
	if err != nil {
		return nil, fmt.Errorf("the Runtime API answered %q", statusLine)
	}
	response := &apiResponse{status: status, headers: map[string]string{}}
	for {
		line, err := c.reader.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok {
			response.headers[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
		}
	}
	switch {
	case status < 200 || status == 204 || status == 304:
	case strings.EqualFold(response.headers["transfer-encoding"], "chunked"):
		response.body, err = c.readChunked()
	case response.headers["content-length"] != "":
		size, convErr := strconv.Atoi(response.headers["content-length"])
		if convErr != nil {
			return nil, convErr
		}
		response.body = make([]byte, size)
		_, err = io.ReadFull(c.reader, response.body)
	default:
		response.body, err = io.ReadAll(c.reader)
		response.headers["connection"] = "close"
	}
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(response.headers["connection"], "close") {
		c.close()
	}
	return response, nil
}

func (c *runtimeAPI) readChunked() ([]byte, error) {
	var body []byte
	for {
		line, err := c.reader.ReadString('\n')
		if err != nil {
			return nil, err
		}
		sizeText, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		size, err := strconv.ParseInt(sizeText, 16, 64)
		if err != nil {
			return nil, err
		}
		if size == 0 {
			for { // trailers, up to the empty line
				line, err := c.reader.ReadString('\n')
				if err != nil {
					return nil, err
				}
				if strings.TrimSpace(line) == "" {
					return body, nil
				}
			}
		}
		chunk := make([]byte, size)
		if _, err := io.ReadFull(c.reader, chunk); err != nil {
			return nil, err
		}
		body = append(body, chunk...)
		if _, err := c.reader.ReadString('\n'); err != nil {
			return nil, err
		}
	}
}

func (c *runtimeAPI) post(path, contentType, errorType string, body []byte) error {
	headers := map[string]string{"Content-Type": contentType}
	if errorType != "" {
		headers["Lambda-Runtime-Function-Error-Type"] = errorType
	}
	response, err := c.call("POST", path, headers, body)
	if err != nil {
		return fmt.Errorf("failed to POST to %s: %v", path, err)
	}
	if response.status != 202 {
		return fmt.Errorf("failed to POST to %s: got unexpected status code: %d", path, response.status)
	}
	return nil
}
