// Quote-of-the-day service. `--once` prints the quote for a given day and exits.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"
)

var quotes = []string{
	"Simplicity is prerequisite for reliability. (Edsger W. Dijkstra)",
	"Make it work, make it right, make it fast. (Kent Beck)",
	"Premature optimization is the root of all evil. (Donald Knuth)",
	"Clear is better than clever. (Rob Pike)",
}

func quoteFor(day time.Time) string {
	return quotes[day.YearDay()%len(quotes)]
}

func main() {
	once := flag.Bool("once", false, "print one quote and exit")
	date := flag.String("date", "", "day to quote (YYYY-MM-DD), default today")
	flag.Parse()
	day := time.Now()
	if *date != "" {
		var err error
		if day, err = time.Parse("2006-01-02", *date); err != nil {
			log.Fatal(err)
		}
	}
	if *once {
		fmt.Printf("%s: %s\n", day.Format("Mon 2 Jan 2006"), quoteFor(day))
		return
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, quoteFor(time.Now()))
	})
	log.Fatal(http.ListenAndServe(":8000", nil))
}
