from translate_cli.cli import main

main()
