import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { perfMonitorApp } from './app.definition';

runMain(perfMonitorApp);
