module.exports = {
  displayName: 'integraciones-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/integraciones-service',
};
