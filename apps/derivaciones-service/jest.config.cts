module.exports = {
  displayName: 'derivaciones-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/derivaciones-service',
};
