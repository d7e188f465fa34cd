from kg.cli.front import main

main()
