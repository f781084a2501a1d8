// Command pricer prints the price list.
package main

import "fmt"

func main() {
	fmt.Println("espresso beans 1kg  18.50")
	fmt.Println("oat milk 1l          2.10")
}
