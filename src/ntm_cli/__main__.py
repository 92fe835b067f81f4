from ntm_cli.cli import main

main()
