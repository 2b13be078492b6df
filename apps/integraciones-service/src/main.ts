import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { integracionesApp } from './app.definition';

runMain(integracionesApp);
