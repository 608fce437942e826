# duban — the first two targets do all the set-up on a fresh machine (Python 3.11+, make, pip).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_INDEX ?= sqlite:///demo.db

.PHONY: demo test lint bench train clean compile pure

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## compile: the extraction modules compiled by mypyc beside their sources (same output, about a fifth
## less time; needs a C compiler and Python headers, a minute or two); `make pure` removes them.
## Run it again after editing a compiled module (setup.py's COMPILED): the .so wins the import.
## It reinstalls the editable package so that its import hook also finds the modules' shared library
## at the checkout's top level.
compile: $(STAMP) pure
	DUBAN_COMPILE=1 $(BIN)/pip install --quiet --no-build-isolation --no-deps -e .

pure:  # duban has no other extension modules of its own; build/ may hold those of an older list
	rm -rf build duban_native__mypyc.*.so
	find duban -name '*.so' -delete

## demo: install, ingest the bundled samples into demo.db, search, cross-check, write a ledger
demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	@echo; echo "== 1/8 提取：从示例通知中找出举措、责任单位和时限（samples/directive-notice.txt）"
	$(BIN)/duban extract samples/directive-notice.txt --format table
	@echo; echo "== 2/8 入库：把 samples/ 下的通知、会议纪要和进展报告提取后写入索引 demo.db"
	$(BIN)/duban ingest samples --index $(DEMO_INDEX)
	@echo; echo "== 3/8 检索：市发展改革委牵头的举措"
	$(BIN)/duban search 牵头单位:市发展改革委 --index $(DEMO_INDEX)
	@echo; echo "== 4/8 检索：提到“联席会议”的举措"
	$(BIN)/duban search 联席会议 --index $(DEMO_INDEX)
	@echo; echo "== 5/8 督办核查：会议纪要是否传达了通知，进展报告报了哪些进度（截至 2026-11-26）"
	$(BIN)/duban crosscheck --index $(DEMO_INDEX) --as-of 2026-11-26
	@echo; echo "== 6/8 台账：写入 demo-ledger.xlsx（台账、按单位、单位统计三张表，可直接打印）"
	$(BIN)/duban ledger --index $(DEMO_INDEX) --as-of 2026-11-26 --xlsx demo-ledger.xlsx
	@echo; echo "== 7/8 催办：逾期、滞后和 7 天内到期的事项，按责任单位写入 demo-reminders.docx（每个单位一页）"
	$(BIN)/duban remind --index $(DEMO_INDEX) --as-of 2026-11-26 --out demo-reminders.docx
	@echo; echo "== 8/8 统计：索引中的文件和举措"
	$(BIN)/duban stats --index $(DEMO_INDEX)
	@echo
	@echo "完成。索引：$(CURDIR)/demo.db；台账：$(CURDIR)/demo-ledger.xlsx；催办单：$(CURDIR)/demo-reminders.docx"
	@echo "打开网页版：$(BIN)/duban serve --index $(DEMO_INDEX)  然后在浏览器中访问 http://127.0.0.1:8080/"

## test: install and run the test suite (the Elasticsearch suite runs when DUBAN_ES_URL is set)
test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## bench: the quick benchmarks (about fifteen minutes); `make bench BENCH_ARGS=--full` runs them all (hours)
BENCH_ARGS ?=
bench: $(STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

train: $(STAMP)
	$(BIN)/duban train -o duban/extractors/models/duban_zh

clean:
	rm -rf $(VENV) build *.egg-info demo.db* demo-ledger.xlsx demo-reminders.docx duban_native__mypyc.*.so
	find duban -name '*.so' -delete
