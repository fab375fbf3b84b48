#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('counterpoint').description('Counterpoint command line');
program.parse();
