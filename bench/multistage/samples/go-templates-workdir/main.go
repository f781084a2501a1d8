// Command standup renders the team's task board as a plain-text report.
//
// The template and the data are read at run time from templates/ and data/ (relative to the
// working directory), so they can be changed without rebuilding the binary.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
)

type Task struct {
	Title    string `json:"title"`
	Owner    string `json:"owner"`
	Status   string `json:"status"`
	Estimate int    `json:"estimate"`
}

type Report struct {
	Title   string
	Columns []Column
	Total   int
}

type Column struct {
	Status string
	Tasks  []Task
	Points int
}

func load(path string) ([]Task, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var tasks []Task
	return tasks, json.Unmarshal(raw, &tasks)
}

func build(title string, tasks []Task) Report {
	order := []string{"todo", "doing", "done"}
	report := Report{Title: title}
	for _, status := range order {
		col := Column{Status: strings.ToUpper(status)}
		for _, t := range tasks {
			if t.Status == status {
				col.Tasks = append(col.Tasks, t)
				col.Points += t.Estimate
			}
		}
		sort.Slice(col.Tasks, func(i, j int) bool { return col.Tasks[i].Title < col.Tasks[j].Title })
		report.Columns = append(report.Columns, col)
		report.Total += col.Points
	}
	return report
}

func main() {
	title := os.Getenv("REPORT_TITLE")
	if title == "" {
		title = "Stand-up"
	}
	tasks, err := load("data/tasks.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, "standup:", err)
		os.Exit(1)
	}
	tmpl := template.Must(template.New("report.tmpl").Funcs(template.FuncMap{
		"pad": func(n int, s string) string { return fmt.Sprintf("%-*s", n, s) },
	}).ParseFiles("templates/report.tmpl"))
	if err := tmpl.Execute(os.Stdout, build(title, tasks)); err != nil {
		fmt.Fprintln(os.Stderr, "standup:", err)
		os.Exit(1)
	}
}
