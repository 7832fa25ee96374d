from finops_ai.cli import main

main()
