from ntm_cli.entry import main

main()
