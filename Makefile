# The two commands of README.md. Each installs what it needs, and is quick when it is there.
.PHONY: serve test dist bench dev dev-staff dev-survey

serve:  ## build and serve the app on http://127.0.0.1:8080
	bash scripts/serve.sh

test:   ## run every test (lints, native, wasm in Chromium, end-to-end)
	bash scripts/test.sh

dist:   ## build the static release into dist/
	bash scripts/dist.sh

bench:  ## write bench/report.md (sizes, native engine, headless Chromium figures)
	bash scripts/bench.sh

dev:    ## development loop: the citizens' app as a debug build on http://127.0.0.1:8080, rebuilt on save
	bash scripts/dev.sh index.html 8080

dev-staff:  ## the same for the staff app (staff.html) on http://127.0.0.1:8081
	bash scripts/dev.sh staff.html 8081

dev-survey:  ## the same for the survey round's page (survey.html) on http://127.0.0.1:8082
	bash scripts/dev.sh survey.html 8082
