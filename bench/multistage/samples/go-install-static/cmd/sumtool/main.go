// Command sumtool prints digests of its arguments (or of stdin when there are none).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/acme/sumtool/internal/digest"
)

func main() {
	algo := flag.String("algo", "sha256", "digest algorithm")
	flag.Parse()
	inputs := flag.Args()
	if len(inputs) == 0 {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sumtool:", err)
			os.Exit(1)
		}
		inputs = []string{string(data)}
	}
	for _, in := range inputs {
		sum, err := digest.Sum(*algo, []byte(in))
		if err != nil {
			fmt.Fprintln(os.Stderr, "sumtool:", err)
			os.Exit(2)
		}
		fmt.Printf("%s  %s:%q\n", sum, *algo, in)
	}
}
