import 'reflect-metadata';
import { runMain } from '@mesa/shared/app';
import { gatewayApp } from './app.definition';

runMain(gatewayApp);
