module github.com/acme/sumtool

go 1.19
