from pilotkit.launch import main

main()
