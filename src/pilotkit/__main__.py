from pilotkit.cli import main

main()
