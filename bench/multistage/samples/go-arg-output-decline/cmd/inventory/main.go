// Command inventory lists the shop's stock.
package main

import (
	"flag"
	"fmt"
)

type item struct {
	sku   string
	name  string
	count int
}

var stock = []item{
	{"A-100", "espresso beans 1kg", 12},
	{"A-200", "oat milk 1l", 0},
	{"B-310", "paper cups (50)", 40},
}

func main() {
	list := flag.Bool("list", false, "list every item")
	flag.Parse()
	low := 0
	for _, it := range stock {
		if it.count < 5 {
			low++
		}
		if *list {
			fmt.Printf("%-6s %-20s %3d\n", it.sku, it.name, it.count)
		}
	}
	fmt.Printf("%d items, %d low on stock\n", len(stock), low)
}
