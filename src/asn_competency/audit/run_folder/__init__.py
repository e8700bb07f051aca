"""The run folder: the one owner of what ``asn-competency run`` writes, of how a run takes
its place, and of how a run folder is read back.

A run folder holds :data:`RESULTS_FILE` (one row per input candidate row), :data:`LEDGER_FILE`
(the hash-chained decision records, one :func:`ledger_line` each) and :data:`MANIFEST_FILE`
(what the run read, what it decided in counts, the ledger's head, sealed by its
``manifest_hash``; :func:`run_manifest`).
:func:`claim` takes a folder's place for one run and :meth:`RunFolder.write` writes the run
into it; :func:`write_outputs` does both.

The package, by concept:

- :mod:`.files`: the names of the files, a ledger line (:func:`ledger_line`), a cell of the
  results (:func:`results_cell`), the manifest (:func:`run_manifest`);
- :mod:`.writing`: a run folder written whole or not at all, one run at a time, never
  destroyed by mistake (what it guarantees is told there and in ``docs/auditing.md``, "What a
  run folder guarantees");
- :mod:`.reading`: the one reader of a run folder's manifest (:func:`read_manifest`) and the
  records of one candidate found without reading the whole ledger (:func:`find_records`).
"""

from asn_competency.audit.run_folder.files import (
    LEDGER_FILE,
    MANIFEST_FILE,
    RESULTS_FILE,
    RUN_FILES,
    ledger_line,
    ledger_lines,
    results_cell,
    run_manifest,
    write_results,
)
from asn_competency.audit.run_folder.reading import (
    MANIFEST_LIMIT,
    FoundRecord,
    LedgerLineError,
    ManifestError,
    find_records,
    read_manifest,
    records_of,
)
from asn_competency.audit.run_folder.writing import (
    KILL_AT,
    KILL_POINTS,
    RunFolder,
    RunFolderError,
    claim,
    write_outputs,
)

__all__ = [
    "KILL_AT",
    "KILL_POINTS",
    "LEDGER_FILE",
    "MANIFEST_FILE",
    "MANIFEST_LIMIT",
    "RESULTS_FILE",
    "RUN_FILES",
    "FoundRecord",
    "LedgerLineError",
    "ManifestError",
    "RunFolder",
    "RunFolderError",
    "claim",
    "find_records",
    "ledger_line",
    "ledger_lines",
    "read_manifest",
    "records_of",
    "results_cell",
    "run_manifest",
    "write_outputs",
    "write_results",
]
