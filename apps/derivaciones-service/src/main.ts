import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { derivacionesApp } from './app.definition';

runMain(derivacionesApp);
