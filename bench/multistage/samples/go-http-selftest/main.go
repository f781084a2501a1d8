// Command pinger is a tiny HTTP service with a health endpoint and a greeting endpoint.
//
// With -selftest it listens on a free local port, calls its own endpoints, prints the
// answers and exits (non-zero when an answer is wrong): the container's smoke test.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
)

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/greet", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "stranger"
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"greeting": "hello, " + name})
	})
	return mux
}

func get(base, path string) (int, string, error) {
	resp, err := http.Get(base + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body)), err
}

func selfTest() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "selftest:", err)
		return 1
	}
	go http.Serve(ln, newMux())
	base := "http://" + ln.Addr().String()
	failed := 0
	for _, path := range []string{"/healthz", "/greet?name=docker", "/greet"} {
		code, body, err := get(base, path)
		if err != nil || code != http.StatusOK {
			failed++
		}
		fmt.Printf("GET %s -> %d %s\n", path, code, body)
	}
	if failed > 0 {
		fmt.Printf("selftest failed: %d of 3\n", failed)
		return 1
	}
	fmt.Println("selftest passed")
	return 0
}

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	selftest := flag.Bool("selftest", false, "call the service's own endpoints once and exit")
	flag.Parse()
	if *selftest {
		os.Exit(selfTest())
	}
	log.Printf("pinger listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, newMux()))
}
