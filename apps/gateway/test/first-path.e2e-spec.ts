import { firstPathSuite } from './first-path.suite';

firstPathSuite('in-process');
