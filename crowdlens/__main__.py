from crowdlens.cli import run

run()
