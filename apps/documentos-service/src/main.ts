import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { documentosApp } from './app.definition';

runMain(documentosApp);
