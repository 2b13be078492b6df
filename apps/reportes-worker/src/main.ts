import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { reportesApp } from './app.definition';

runMain(reportesApp);
